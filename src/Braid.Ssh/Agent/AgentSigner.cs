using Braid.Ssh.Keys;

namespace Braid.Ssh.Agent;

/// <summary>An <see cref="ISigner"/> for one agent-held key. The agent connection is shared and not owned.</summary>
public sealed class AgentSigner : ISigner
{
    private readonly AgentClient _client;
    private readonly byte[] _blob;

    public AgentSigner(AgentClient client, AgentIdentity identity)
    {
        _client = client;
        PublicKey = identity.PublicKey ?? throw new ArgumentException(
            $"agent key of type {identity.KeyType} is not supported", nameof(identity));
        _blob = identity.Blob;
        Comment = identity.Comment;
    }

    public PublicKey PublicKey { get; }
    public string Comment { get; }

    public async ValueTask<byte[]> SignAsync(string algorithm, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await _client.SignAsync(_blob, data, algorithm, cancellationToken).ConfigureAwait(false);

    public override string ToString() => $"{PublicKey.KeyType} {Comment} (agent)";
}
