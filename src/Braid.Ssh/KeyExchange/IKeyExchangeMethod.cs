using System.Security.Cryptography;
using Braid.Ssh.Wire;

namespace Braid.Ssh.KeyExchange;

/// <summary>What every key exchange hashes besides its own messages (RFC 4253 §8).</summary>
/// <remarks>The server's two are settable because a guessed exchange (first_kex_packet_follows) starts
/// before the server has identified itself; they are filled in before its reply is read.</remarks>
public sealed record KexInputs(byte[] ClientVersion, byte[] ServerVersion, byte[] ClientKexInit, byte[] ServerKexInit)
{
    public byte[] ServerVersion { get; internal set; } = ServerVersion;
    public byte[] ServerKexInit { get; internal set; } = ServerKexInit;
}

/// <summary>The result of a key exchange.</summary>
/// <param name="SharedSecret">K, already encoded as it enters the exchange hash and key derivation:
/// an mpint for classic DH/ECDH/curve25519, a string for the hybrid post-quantum methods.</param>
/// <param name="ExchangeHash">H.</param>
/// <param name="HostKeyBlob">K_S, the server's public host key blob.</param>
/// <param name="Signature">The server's signature blob over H (string alg, string sig).</param>
public sealed record KexResult(byte[] SharedSecret, byte[] ExchangeHash, byte[] HostKeyBlob, byte[] Signature, HashAlgorithmName Hash);

/// <summary>How a key exchange talks to the server: the transport carries its messages in
/// whatever protection is in force (none the first time, the old keys when rekeying).</summary>
public interface IKexConversation
{
    ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
    /// <summary>The next key-exchange message (numbers 30–49); the transport has already handled
    /// IGNORE/DEBUG and fails on anything else.</summary>
    ValueTask<byte[]> ReceiveAsync(CancellationToken cancellationToken);
}

/// <summary>One key exchange method (curve25519-sha256, ecdh-sha2-nistp256, …).</summary>
public interface IKeyExchangeMethod
{
    string Name { get; }
    HashAlgorithmName Hash { get; }
    Task<KexResult> ExchangeAsync(IKexConversation conversation, KexInputs inputs, CancellationToken cancellationToken);
}
