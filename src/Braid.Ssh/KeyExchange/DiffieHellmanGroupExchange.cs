using System.Numerics;
using System.Security.Cryptography;
using Braid.Ssh.Wire;

namespace Braid.Ssh.KeyExchange;

/// <summary>diffie-hellman-group-exchange-sha256 (RFC 4419), as OpenSSH's kexgexc.c runs it:
/// 34 KEX_DH_GEX_REQUEST (uint32 min, n, max) → 31 KEX_DH_GEX_GROUP (mpint p, mpint g)
/// → 32 KEX_DH_GEX_INIT (mpint e) → 33 KEX_DH_GEX_REPLY (string K_S, mpint f, string signature).
/// H = SHA256(V_C || V_S || I_C || I_S || K_S || uint32 min || uint32 n || uint32 max || mpint p ||
/// mpint g || mpint e || mpint f || mpint K).</summary>
public sealed class DiffieHellmanGroupExchange : IKeyExchangeMethod
{
    public const string Sha256Name = "diffie-hellman-group-exchange-sha256";

    /// <summary>OpenSSH's DH_GRP_MIN and DH_GRP_MAX.</summary>
    public const int DefaultMinBits = 2048;
    public const int DefaultMaxBits = 8192;

    /// <param name="preferredBits">n in the request. OpenSSH sends dh_estimate(need * 8), where need is
    /// the largest key/block/IV/MAC-key size in bytes of the negotiated algorithms; see
    /// <see cref="EstimateGroupBits"/>. It is clamped into [minBits, maxBits].</param>
    public DiffieHellmanGroupExchange(int preferredBits = 3072, int minBits = DefaultMinBits, int maxBits = DefaultMaxBits)
    {
        if (minBits < 1024 || maxBits < minBits || maxBits > 16384)
            throw new ArgumentOutOfRangeException(nameof(minBits), "need 1024 <= minBits <= maxBits <= 16384");
        MinBits = minBits;
        MaxBits = maxBits;
        PreferredBits = Math.Clamp(preferredBits, minBits, maxBits);
    }

    public string Name => Sha256Name;
    public HashAlgorithmName Hash => HashAlgorithmName.SHA256;
    public int MinBits { get; }
    public int PreferredBits { get; }
    public int MaxBits { get; }

    /// <summary>OpenSSH's dh_estimate: the group size whose strength matches <paramref name="securityBits"/>
    /// (pass need-in-bytes * 8, e.g. 256 for aes256-*, 512 for chacha20-poly1305's 64-byte key).</summary>
    public static int EstimateGroupBits(int securityBits) => securityBits switch
    {
        <= 112 => 2048,
        <= 128 => 3072,
        <= 192 => 7680,
        _ => 8192,
    };

    public async Task<KexResult> ExchangeAsync(IKexConversation conversation, KexInputs inputs, CancellationToken cancellationToken)
    {
        await conversation.SendAsync(BuildRequest(), cancellationToken).ConfigureAwait(false);
        var group = ParseGroup(await conversation.ReceiveAsync(cancellationToken).ConfigureAwait(false));

        var (x, e) = group.GenerateKeyPair();
        await conversation.SendAsync(DhReply.BuildInit(MessageNumbers.KexDhGexInit, e), cancellationToken).ConfigureAwait(false);
        byte[] payload = await conversation.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        var reply = DhReply.Parse(payload, MessageNumbers.KexDhGexReply, "SSH_MSG_KEX_DH_GEX_REPLY", Name);

        byte[] k = group.EncodedSharedSecret(reply.F, x, Name);
        using var h = ExchangeHashWriter.Begin(inputs, reply.HostKey);
        h.WriteUInt32((uint)MinBits).WriteUInt32((uint)PreferredBits).WriteUInt32((uint)MaxBits)
         .WriteMPInt(group.P).WriteMPInt(group.G)
         .WriteMPInt(e).WriteMPInt(reply.F)
         .WriteRaw(k);
        return new KexResult(k, KexHashing.Hash(Hash, h.WrittenSpan), reply.HostKey, reply.Signature, Hash);
    }

    private byte[] BuildRequest()
    {
        using var w = new SshWriter(16);
        w.WriteByte(MessageNumbers.KexDhGexRequest)
         .WriteUInt32((uint)MinBits).WriteUInt32((uint)PreferredBits).WriteUInt32((uint)MaxBits);
        return w.ToArray();
    }

    /// <summary>Accepts the server's group only if |p| lies within the bounds we asked for (OpenSSH:
    /// "DH_GEX group out of range"), p is odd, and 1 &lt; g &lt; p - 1. p is not tested for primality
    /// (neither does OpenSSH); the host key signature over H binds the group to the server.</summary>
    private DiffieHellmanGroup ParseGroup(byte[] payload)
    {
        var r = KexMessage.Open(payload, MessageNumbers.KexDhGexGroup, "SSH_MSG_KEX_DH_GEX_GROUP", Name);
        BigInteger p = r.ReadMPInt();
        BigInteger g = r.ReadMPInt();
        r.EnsureEnd(Name + " group");

        if (p.Sign <= 0 || p.IsEven)
            throw new SshProtocolException($"{Name}: server sent an invalid DH modulus");
        long bits = (long)p.GetBitLength();
        if (bits < MinBits || bits > MaxBits)
            throw new SshProtocolException($"{Name}: server's DH group is {bits} bits, outside the requested {MinBits}..{MaxBits}");
        if (g <= BigInteger.One || g >= p - BigInteger.One)
            throw new SshProtocolException($"{Name}: server sent an invalid DH generator");
        return new DiffieHellmanGroup(p, g);
    }
}
