namespace Braid.Ssh.Keys;

/// <summary>A private key able to make SSH signatures. Implementations clear their secret material
/// on Dispose.</summary>
public abstract class PrivateKey : IDisposable
{
    public abstract PublicKey PublicKey { get; }
    /// <summary>Signs data, returning the SSH signature blob (string alg, string sig).
    /// <paramref name="algorithm"/> is a member of PublicKey.SignatureAlgorithms.</summary>
    public abstract byte[] Sign(string algorithm, ReadOnlySpan<byte> data);
    public virtual void Dispose() { }
}

/// <summary>Anything that can sign with a key whose public half is known: a key file or an agent.</summary>
public interface ISigner
{
    PublicKey PublicKey { get; }
    /// <summary>Comment (file name for files, the agent's comment otherwise), for messages.</summary>
    string Comment { get; }
    ValueTask<byte[]> SignAsync(string algorithm, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
