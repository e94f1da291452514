using Braid.Ssh.KeyExchange;
using Braid.Ssh.Transport;
using Braid.Ssh.Transport.Ciphers;

namespace Braid.Fuzz;

/// <summary>What Braid's client offers by default, for the targets that negotiate with a fuzzed server.</summary>
internal static class ClientAlgorithms
{
    public static readonly string[] HostKeys =
    [
        "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa",
    ];

    public static TransportOptions Options() => new()
    {
        KexAlgorithms = KeyExchangeRegistry.DefaultClientOrder,
        HostKeyAlgorithms = HostKeys,
        Ciphers = CipherRegistry.DefaultCiphers,
        Macs = CipherRegistry.DefaultMacs,
        Compression = true,
        HostKeyCheck = (_, _) => ValueTask.CompletedTask,
    };

    /// <summary>The client's first KEXINIT, as the transport builds it.</summary>
    public static KexInitMessage KexInit() => new()
    {
        KexAlgorithms = [.. KeyExchangeRegistry.DefaultClientOrder, AlgorithmNegotiation.ExtInfoClient, AlgorithmNegotiation.StrictKexClient],
        HostKeyAlgorithms = HostKeys,
        CiphersClientToServer = [.. CipherRegistry.DefaultCiphers],
        CiphersServerToClient = [.. CipherRegistry.DefaultCiphers],
        MacsClientToServer = [.. CipherRegistry.DefaultMacs],
        MacsServerToClient = [.. CipherRegistry.DefaultMacs],
        CompressionClientToServer = ["zlib@openssh.com", "zlib", "none"],
        CompressionServerToClient = ["zlib@openssh.com", "zlib", "none"],
    };
}
