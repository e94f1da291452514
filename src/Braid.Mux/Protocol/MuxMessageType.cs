namespace Braid.Mux.Protocol;

/// <summary>PROTOCOL.mux v4 message types, as OpenSSH's mux.c defines them (the spec omits PROXY and EXT_INFO).</summary>
public static class MuxMessageType
{
    public const uint Hello = 0x00000001;
    public const uint NewSession = 0x10000002;
    public const uint AliveCheck = 0x10000004;
    public const uint Terminate = 0x10000005;
    public const uint OpenForward = 0x10000006;
    public const uint CloseForward = 0x10000007;
    public const uint NewStdioForward = 0x10000008;
    public const uint StopListening = 0x10000009;
    public const uint Proxy = 0x1000000f;
    public const uint ExtInfo = 0x20000001;

    public const uint Ok = 0x80000001;
    public const uint PermissionDenied = 0x80000002;
    public const uint Failure = 0x80000003;
    public const uint ExitMessage = 0x80000004;
    public const uint Alive = 0x80000005;
    public const uint SessionOpened = 0x80000006;
    public const uint RemotePort = 0x80000007;
    public const uint TtyAllocFail = 0x80000008;
    public const uint ProxyReply = 0x8000000f;
    public const uint ExtInfoReply = 0x90000001;

    public const uint Version = 4;
    /// <summary>OpenSSH's CHANNEL_MUX_MAX_PACKET: a larger body closes the control connection.</summary>
    public const int MaxBodyLength = 256 * 1024;
    /// <summary>The "no escape character" value in NEW_SESSION.</summary>
    public const uint NoEscapeChar = 0xFFFFFFFF;
    /// <summary>PORT_STREAMLOCAL: the matching host field is a Unix socket path.</summary>
    public const uint PortStreamLocal = 0xFFFFFFFE;

    public const uint ForwardLocal = 1;
    public const uint ForwardRemote = 2;
    public const uint ForwardDynamic = 3;
}
