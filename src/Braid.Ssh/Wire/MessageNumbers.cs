namespace Braid.Ssh.Wire;

/// <summary>SSH message numbers (RFC 4250 §4.1, RFC 8308, RFC 4419, RFC 5656).</summary>
public static class MessageNumbers
{
    public const byte Disconnect = 1;
    public const byte Ignore = 2;
    public const byte Unimplemented = 3;
    public const byte Debug = 4;
    public const byte ServiceRequest = 5;
    public const byte ServiceAccept = 6;
    public const byte ExtInfo = 7;
    public const byte KexInit = 20;
    public const byte NewKeys = 21;
    // 30-49: key-exchange-method specific.
    public const byte KexEcdhInit = 30;      // also KEXDH_INIT, KEX_HYBRID_INIT
    public const byte KexEcdhReply = 31;     // also KEXDH_REPLY, KEX_HYBRID_REPLY
    public const byte KexDhGexRequestOld = 30;
    public const byte KexDhGexGroup = 31;
    public const byte KexDhGexInit = 32;
    public const byte KexDhGexReply = 33;
    public const byte KexDhGexRequest = 34;
    public const byte UserauthRequest = 50;
    public const byte UserauthFailure = 51;
    public const byte UserauthSuccess = 52;
    public const byte UserauthBanner = 53;
    public const byte UserauthPkOk = 60;            // also PASSWD_CHANGEREQ, INFO_REQUEST
    public const byte UserauthInfoRequest = 60;
    public const byte UserauthInfoResponse = 61;
    public const byte GlobalRequest = 80;
    public const byte RequestSuccess = 81;
    public const byte RequestFailure = 82;
    public const byte ChannelOpen = 90;
    public const byte ChannelOpenConfirmation = 91;
    public const byte ChannelOpenFailure = 92;
    public const byte ChannelWindowAdjust = 93;
    public const byte ChannelData = 94;
    public const byte ChannelExtendedData = 95;
    public const byte ChannelEof = 96;
    public const byte ChannelClose = 97;
    public const byte ChannelRequest = 98;
    public const byte ChannelSuccess = 99;
    public const byte ChannelFailure = 100;
}

/// <summary>SSH_MSG_DISCONNECT reason codes (RFC 4250 §4.2.2).</summary>
public static class DisconnectReason
{
    public const uint HostNotAllowedToConnect = 1;
    public const uint ProtocolError = 2;
    public const uint KeyExchangeFailed = 3;
    public const uint MacError = 5;
    public const uint ServiceNotAvailable = 7;
    public const uint HostKeyNotVerifiable = 9;
    public const uint ConnectionLost = 10;
    public const uint ByApplication = 11;
    public const uint AuthCancelledByUser = 13;
    public const uint NoMoreAuthMethodsAvailable = 14;
}
