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

    /// <summary>
    /// The "supported" lists are what wildcard patterns expand against, and the expansion keeps their
    /// order (kex_assemble_names filters ssh's internal algorithm table). So they are put in OpenSSH's
    /// table order (`ssh -Q`), keeping only what Braid implements, with Braid-only names (like
    /// mlkem768x25519-sha256, last in OpenSSH 9.9's table) at the end: "Ciphers aes*" then gives the
    /// same list as ssh wherever both implement the algorithms.
    /// </summary>
    public static ConfigDefaults Create()
    {
        var o = ConfigDefaults.OpenSsh92;
        string[] keyAndSig = [.. KeyAlgorithms, "ssh-rsa"];
        return new()
        {
            Ciphers = CipherRegistry.DefaultCiphers,
            SupportedCiphers = InOpenSshOrder(CipherRegistry.SupportedCiphers, o.SupportedCiphers),
            Macs = CipherRegistry.DefaultMacs,
            SupportedMacs = InOpenSshOrder(CipherRegistry.SupportedMacs, o.SupportedMacs),
            KexAlgorithms = KeyExchangeRegistry.DefaultClientOrder,
            SupportedKexAlgorithms = InOpenSshOrder(KeyExchangeRegistry.Supported, o.SupportedKexAlgorithms),
            KeyAlgorithms = KeyAlgorithms,
            SupportedKeyAlgorithms = InOpenSshOrder(keyAndSig, o.SupportedKeyAlgorithms),
            CASignatureAlgorithms = KeyAlgorithms,
            SupportedSignatureAlgorithms = InOpenSshOrder(keyAndSig, o.SupportedSignatureAlgorithms),
            GssKexAlgorithms = [],
            SupportedGssKexAlgorithms = [],
        };
    }

    /// <summary>The names in <paramref name="implemented"/>, ordered as in <paramref name="openSshOrder"/>; others follow in their own order.</summary>
    private static string[] InOpenSshOrder(IReadOnlyList<string> implemented, IReadOnlyList<string> openSshOrder) =>
    [
        .. openSshOrder.Where(n => implemented.Contains(n, StringComparer.Ordinal)),
        .. implemented.Where(n => !openSshOrder.Contains(n, StringComparer.Ordinal)),
    ];
}
