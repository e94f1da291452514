using Braid.Ssh.Keys;

namespace Braid.Ssh.Agent;

/// <summary>One key the agent holds. <see cref="PublicKey"/> is null for types we cannot parse (certificates,
/// security keys…); <see cref="Blob"/> is always the agent's blob, which is what a sign request must name.</summary>
public sealed record AgentIdentity(byte[] Blob, PublicKey? PublicKey, string Comment)
{
    /// <summary>Key type name from the blob, even for unparsed keys.</summary>
    public string KeyType => PublicKey?.KeyType ?? PublicKeyParser.PeekKeyType(Blob) ?? "unknown";

    public override string ToString() => $"{KeyType} {Comment}";
}
