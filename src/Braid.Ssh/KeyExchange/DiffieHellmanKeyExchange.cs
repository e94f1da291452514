using System.Security.Cryptography;
using Braid.Ssh.Wire;

namespace Braid.Ssh.KeyExchange;

/// <summary>Diffie-Hellman over a fixed RFC 3526 group (RFC 4253 §8, RFC 8268):
/// diffie-hellman-group14-sha1, -group14-sha256, -group16-sha512, -group18-sha512.
/// Client sends 30 (mpint e); server answers 31 (string K_S, mpint f, string signature);
/// H = HASH(V_C || V_S || I_C || I_S || K_S || mpint e || mpint f || mpint K).</summary>
public sealed class DiffieHellmanKeyExchange : IKeyExchangeMethod
{
    public const string Group14Sha1Name = "diffie-hellman-group14-sha1";
    public const string Group14Sha256Name = "diffie-hellman-group14-sha256";
    public const string Group16Sha512Name = "diffie-hellman-group16-sha512";
    public const string Group18Sha512Name = "diffie-hellman-group18-sha512";

    private readonly DiffieHellmanGroup _group;

    public DiffieHellmanKeyExchange(string name)
    {
        (_group, Hash) = name switch
        {
            Group14Sha1Name => (ModpGroups.Group14, HashAlgorithmName.SHA1),
            Group14Sha256Name => (ModpGroups.Group14, HashAlgorithmName.SHA256),
            Group16Sha512Name => (ModpGroups.Group16, HashAlgorithmName.SHA512),
            Group18Sha512Name => (ModpGroups.Group18, HashAlgorithmName.SHA512),
            _ => throw new ArgumentException($"not a fixed-group diffie-hellman method name: {name}", nameof(name)),
        };
        Name = name;
    }

    public string Name { get; }
    public HashAlgorithmName Hash { get; }

    public async Task<KexResult> ExchangeAsync(IKexConversation conversation, KexInputs inputs, CancellationToken cancellationToken)
    {
        var (x, e) = _group.GenerateKeyPair();
        await conversation.SendAsync(DhReply.BuildInit(MessageNumbers.KexEcdhInit, e), cancellationToken).ConfigureAwait(false);
        byte[] payload = await conversation.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        var reply = DhReply.Parse(payload, MessageNumbers.KexEcdhReply, "SSH_MSG_KEXDH_REPLY", Name);

        byte[] k = _group.EncodedSharedSecret(reply.F, x, Name);
        using var h = ExchangeHashWriter.Begin(inputs, reply.HostKey);
        h.WriteMPInt(e).WriteMPInt(reply.F).WriteRaw(k);
        return new KexResult(k, KexHashing.Hash(Hash, h.WrittenSpan), reply.HostKey, reply.Signature, Hash);
    }
}
