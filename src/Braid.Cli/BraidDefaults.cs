using Braid.Config;
using Braid.Ssh.KeyExchange;
using Braid.Ssh.Transport.Ciphers;

namespace Braid.Cli;

/// <summary>The algorithm lists Braid implements and proposes, handed to the config layer for
/// +/-/^ list arithmetic and for -G.</summary>
internal static class BraidDefaults
{
    private static readonly string[] KeyAlgorithms =
        ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256"];

    public static ConfigDefaults Create() => new()
    {
        Ciphers = CipherRegistry.DefaultCiphers,
        SupportedCiphers = CipherRegistry.SupportedCiphers,
        Macs = CipherRegistry.DefaultMacs,
        SupportedMacs = CipherRegistry.SupportedMacs,
        KexAlgorithms = KeyExchangeRegistry.DefaultClientOrder,
        SupportedKexAlgorithms = KeyExchangeRegistry.Supported,
        KeyAlgorithms = KeyAlgorithms,
        SupportedKeyAlgorithms = [.. KeyAlgorithms, "ssh-rsa"],
        CASignatureAlgorithms = KeyAlgorithms,
        SupportedSignatureAlgorithms = [.. KeyAlgorithms, "ssh-rsa"],
        GssKexAlgorithms = [],
        SupportedGssKexAlgorithms = [],
    };
}
