using System.Numerics;
using Braid.Ssh.Wire;

namespace Braid.Ssh.KeyExchange;

/// <summary>The server's half of a finite-field DH exchange: SSH_MSG_KEXDH_REPLY (31, RFC 4253 §8)
/// and SSH_MSG_KEX_DH_GEX_REPLY (33, RFC 4419 §3) share the layout string K_S, mpint f, string signature.</summary>
internal readonly record struct DhReply(byte[] HostKey, BigInteger F, byte[] Signature)
{
    public static DhReply Parse(byte[] payload, byte number, string messageName, string method)
    {
        var r = KexMessage.Open(payload, number, messageName, method);
        byte[] hostKey = r.ReadString().ToArray();
        var f = r.ReadMPInt();
        byte[] signature = r.ReadString().ToArray();
        r.EnsureEnd(method + " reply");
        return new DhReply(hostKey, f, signature);
    }

    /// <summary>The client's init message: a message number and mpint e.</summary>
    public static byte[] BuildInit(byte number, BigInteger e)
    {
        using var w = new SshWriter(1100);
        w.WriteByte(number).WriteMPInt(e);
        return w.ToArray();
    }
}
