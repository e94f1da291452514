namespace Braid.Ssh.Keys;

/// <summary>An <see cref="ISigner"/> over a loaded private key. Comment is the key file path, which is what ssh
/// shows for identity files. Does not own the key unless asked to.</summary>
public sealed class PrivateKeySigner : ISigner, IDisposable
{
    private readonly PrivateKey _key;
    private readonly bool _ownsKey;

    public PrivateKeySigner(PrivateKey key, string comment, bool ownsKey = true)
    {
        _key = key;
        Comment = comment;
        _ownsKey = ownsKey;
    }

    public PublicKey PublicKey => _key.PublicKey;
    public string Comment { get; }

    public ValueTask<byte[]> SignAsync(string algorithm, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_key.Sign(algorithm, data.Span));
    }

    public void Dispose()
    {
        if (_ownsKey) _key.Dispose();
    }

    public override string ToString() => $"{PublicKey.KeyType} {Comment}";
}
