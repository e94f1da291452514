namespace Braid.Ssh.KeyExchange;

/// <summary>The client side of a post-quantum KEM inside a hybrid exchange: a fresh key pair whose
/// public key goes on the wire and whose private key decapsulates the server's ciphertext.</summary>
internal abstract class PostQuantumKem : IDisposable
{
    public abstract byte[] PublicKey { get; }
    public abstract int CiphertextLength { get; }

    /// <summary>The KEM shared secret for <paramref name="ciphertext"/> (exactly CiphertextLength bytes).</summary>
    public abstract byte[] Decapsulate(ReadOnlySpan<byte> ciphertext);

    public virtual void Dispose() { }
}
