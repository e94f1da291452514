using Braid.Config;
using Braid.Ssh.KeyExchange;
using Braid.Ssh.Keys.Certificates;
using Braid.Ssh.Transport.Ciphers;

namespace Braid.Cli;

/// <summary>The algorithm lists Braid implements and proposes, handed to the config layer for
/// +/-/^ list arithmetic and for -G.</summary>
internal static class BraidDefaults
{
    /// <summary>How long a client that is done waits for the server's answer to an UpdateHostKeys proof request.</summary>
    public static readonly TimeSpan HostKeyUpdateGrace = TimeSpan.FromSeconds(3);

    /// <summary>Plain signature algorithms, in OpenSSH's default order: the CASignatureAlgorithms default.</summary>
    private static readonly string[] PlainKeyAlgorithms =
        ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256"];

    /// <summary>HostKeyAlgorithms / PubkeyAcceptedAlgorithms default: as OpenSSH, the certificate
    /// algorithms first, then the plain ones.</summary>
    private static readonly string[] KeyAlgorithms =
        [.. PlainKeyAlgorithms.Select(CertificateKeyTypes.CertificateSignatureAlgorithm), .. PlainKeyAlgorithms];

    /// <summary>Every key and signature algorithm name Braid implements (ssh -Q key-sig), certificates included.</summary>
    public static readonly string[] KeyAndSignatureAlgorithms =
        [.. KeyAlgorithms, "ssh-rsa", "ssh-rsa-cert-v01@openssh.com"];

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
        string[] sig = [.. PlainKeyAlgorithms, "ssh-rsa"];
        return new()
        {
            Ciphers = CipherRegistry.DefaultCiphers,
            SupportedCiphers = InOpenSshOrder(CipherRegistry.SupportedCiphers, o.SupportedCiphers),
            Macs = CipherRegistry.DefaultMacs,
            SupportedMacs = InOpenSshOrder(CipherRegistry.SupportedMacs, o.SupportedMacs),
            KexAlgorithms = KeyExchangeRegistry.DefaultClientOrder,
            SupportedKexAlgorithms = InOpenSshOrder(KeyExchangeRegistry.Supported, o.SupportedKexAlgorithms),
            KeyAlgorithms = KeyAlgorithms,
            SupportedKeyAlgorithms = InOpenSshOrder(KeyAndSignatureAlgorithms, o.SupportedKeyAlgorithms),
            CASignatureAlgorithms = PlainKeyAlgorithms,
            SupportedSignatureAlgorithms = InOpenSshOrder(sig, o.SupportedSignatureAlgorithms),
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
