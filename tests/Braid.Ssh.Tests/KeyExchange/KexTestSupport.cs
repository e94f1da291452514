using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Braid.Ssh.KeyExchange;

namespace Braid.Ssh.Tests.KeyExchange;

/// <summary>A deliberately separate SSH encoder for the tests, so the expected H does not reuse the
/// production SshWriter (a shared bug would otherwise cancel out).</summary>
internal static class TestWire
{
    public static byte[] U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); return b; }
    public static byte[] Str(byte[] data) => [.. U32((uint)data.Length), .. data];
    public static byte[] Mpint(BigInteger v) => Str(v.IsZero ? [] : v.ToByteArray(isUnsigned: false, isBigEndian: true));
    /// <summary>mpint of a big-endian unsigned magnitude (how RFC 8731/5656 turn a raw secret into K).</summary>
    public static byte[] MpintUnsigned(byte[] magnitude) => Mpint(new BigInteger(magnitude, isUnsigned: true, isBigEndian: true));
    public static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Hash(HashAlgorithmName h, byte[] data) =>
        h == HashAlgorithmName.SHA1 ? SHA1.HashData(data)
        : h == HashAlgorithmName.SHA256 ? SHA256.HashData(data)
        : h == HashAlgorithmName.SHA384 ? SHA384.HashData(data)
        : SHA512.HashData(data);

    /// <summary>V_C || V_S || I_C || I_S || K_S, the common start of every exchange hash.</summary>
    public static byte[] HashPrefix(KexInputs i, byte[] hostKey) =>
        Cat(Str(i.ClientVersion), Str(i.ServerVersion), Str(i.ClientKexInit), Str(i.ServerKexInit), Str(hostKey));

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace("\n", ""));
}

internal static class Samples
{
    public static KexInputs Inputs() => new(
        Encoding.ASCII.GetBytes("SSH-2.0-Braid_0.1"),
        Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.9"),
        [20, .. RandomNumberGenerator.GetBytes(16), 0, 0, 0, 0],
        [20, .. RandomNumberGenerator.GetBytes(16), 0, 0, 0, 1]);

    public static readonly byte[] HostKey = Encoding.ASCII.GetBytes("\0\0\0\u000bssh-ed25519\0\0\0\u0020abcdefghijklmnopqrstuvwxyz012345");
    public static byte[] Signature() => RandomNumberGenerator.GetBytes(83);
}

/// <summary>A fake transport: every message the client sends is handed to the in-test server,
/// whose answer (if any) is queued for the next ReceiveAsync.</summary>
internal sealed class ScriptedConversation(Func<byte[], byte[]?> server) : IKexConversation
{
    private readonly Queue<byte[]> _replies = new();
    public List<byte[]> Sent { get; } = [];

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        byte[] p = payload.ToArray();
        Sent.Add(p);
        var reply = server(p);
        if (reply is not null) _replies.Enqueue(reply);
        return ValueTask.CompletedTask;
    }

    public ValueTask<byte[]> ReceiveAsync(CancellationToken cancellationToken) =>
        _replies.Count > 0 ? ValueTask.FromResult(_replies.Dequeue())
                           : throw new InvalidOperationException("the test server has nothing to say");
}

/// <summary>Reads the client's SSH_MSG_KEX_ECDH_INIT independently of SshReader.</summary>
internal static class TestParse
{
    public static byte[] StringAt(byte[] msg, ref int pos)
    {
        int len = (int)BinaryPrimitives.ReadUInt32BigEndian(msg.AsSpan(pos));
        var s = msg.AsSpan(pos + 4, len).ToArray();
        pos += 4 + len;
        return s;
    }

    public static byte[] SingleString(byte[] msg, byte expectedNumber)
    {
        Assert.Equal(expectedNumber, msg[0]);
        int pos = 1;
        var s = StringAt(msg, ref pos);
        Assert.Equal(msg.Length, pos);
        return s;
    }

    public static BigInteger SingleMpint(byte[] msg, byte expectedNumber)
    {
        var s = SingleString(msg, expectedNumber);
        if (s.Length > 0) Assert.True((s[0] & 0x80) == 0, "mpint must not be negative");
        if (s.Length > 1) Assert.False(s[0] == 0 && (s[1] & 0x80) == 0, "mpint must be minimal");
        return new BigInteger(s, isUnsigned: false, isBigEndian: true);
    }

    /// <summary>SSH_MSG_KEX_ECDH_REPLY: 31, string K_S, string Q_S, string signature.</summary>
    public static byte[] EcdhReply(byte[] hostKey, byte[] serverPublic, byte[] signature) =>
        TestWire.Cat([31], TestWire.Str(hostKey), TestWire.Str(serverPublic), TestWire.Str(signature));
}
