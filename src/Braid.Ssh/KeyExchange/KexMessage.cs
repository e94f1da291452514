using Braid.Ssh.Wire;

namespace Braid.Ssh.KeyExchange;

/// <summary>Checks the message number of a key-exchange reply so every method fails the same way.</summary>
internal static class KexMessage
{
    /// <summary>Returns a reader positioned after the message number, or throws if the number is wrong.</summary>
    public static SshReader Open(byte[] payload, byte expected, string expectedName, string method)
    {
        if (payload.Length == 0)
            throw new SshProtocolException($"{method}: empty message where {expectedName} ({expected}) was expected");
        if (payload[0] != expected)
            throw new SshProtocolException($"{method}: expected {expectedName} ({expected}), got message {payload[0]}");
        var r = new SshReader(payload);
        r.ReadByte();
        return r;
    }
}
