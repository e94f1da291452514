using System.Security.Cryptography;
using Braid.Ssh.Wire;

namespace Braid.Ssh.KeyExchange;

/// <summary>The one-round exchange shared by ECDH (RFC 5656 §4), curve25519 (RFC 8731) and the hybrid
/// post-quantum methods: client sends 30 (string Q_C), server answers 31 (string K_S, string Q_S,
/// string signature), and H = HASH(V_C || V_S || I_C || I_S || K_S || string Q_C || string Q_S || K).
/// Subclasses only supply the ephemeral key pair.</summary>
public abstract class EphemeralKeyExchange : IKeyExchangeMethod
{
    protected EphemeralKeyExchange(string name, HashAlgorithmName hash)
    {
        Name = name;
        Hash = hash;
    }

    public string Name { get; }
    public HashAlgorithmName Hash { get; }

    private protected abstract IClientEphemeral CreateEphemeral();

    public async Task<KexResult> ExchangeAsync(IKexConversation conversation, KexInputs inputs, CancellationToken cancellationToken)
    {
        using var ephemeral = CreateEphemeral();
        byte[] init = BuildInit(ephemeral.PublicBlob);
        await conversation.SendAsync(init, cancellationToken).ConfigureAwait(false);
        byte[] reply = await conversation.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        return Complete(ephemeral, reply, inputs);
    }

    private static byte[] BuildInit(byte[] clientPublic)
    {
        using var w = new SshWriter(clientPublic.Length + 8);
        w.WriteByte(MessageNumbers.KexEcdhInit).WriteString(clientPublic);
        return w.ToArray();
    }

    private KexResult Complete(IClientEphemeral ephemeral, byte[] reply, KexInputs inputs)
    {
        var r = KexMessage.Open(reply, MessageNumbers.KexEcdhReply, "SSH_MSG_KEX_ECDH_REPLY", Name);
        byte[] hostKey = r.ReadString().ToArray();
        byte[] serverPublic = r.ReadString().ToArray();
        byte[] signature = r.ReadString().ToArray();
        r.EnsureEnd(Name + " reply");

        byte[] k = ephemeral.DeriveEncodedSecret(serverPublic);
        using var h = ExchangeHashWriter.Begin(inputs, hostKey);
        h.WriteString(ephemeral.PublicBlob)
         .WriteString(serverPublic)
         .WriteRaw(k);
        byte[] exchangeHash = KexHashing.Hash(Hash, h.WrittenSpan);
        return new KexResult(k, exchangeHash, hostKey, signature, Hash);
    }
}
