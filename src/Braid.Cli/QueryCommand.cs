using Braid.Ssh.KeyExchange;
using Braid.Ssh.Keys.Certificates;
using Braid.Ssh.Transport.Ciphers;

namespace Braid.Cli;

/// <summary>-Q: what this build supports, one name per line, as `ssh -Q` prints it.</summary>
internal static class QueryCommand
{
    private static readonly string[] PlainKeyTypes = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"];
    private static readonly string[] CertKeyTypes = PlainKeyTypes.Select(CertificateKeyTypes.CertificateKeyType).ToArray();
    /// <summary>ssh -Q key: each plain type followed by its certificate type.</summary>
    private static readonly string[] KeyTypes = PlainKeyTypes.SelectMany(t => new[] { t, CertificateKeyTypes.CertificateKeyType(t) }).ToArray();
    private static readonly string[] SigAlgs = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa", "rsa-sha2-256", "rsa-sha2-512"];
    /// <summary>ssh -Q key-sig (and HostKeyAlgorithms, PubkeyAcceptedAlgorithms): each name followed by its certificate name.</summary>
    private static readonly string[] KeySigAlgs = SigAlgs.SelectMany(a => new[] { a, CertificateKeyTypes.CertificateSignatureAlgorithm(a) }).ToArray();

    public static int Run(string what)
    {
        IEnumerable<string>? list = what.ToLowerInvariant() switch
        {
            "cipher" or "ciphers" => CipherRegistry.SupportedCiphers,
            "cipher-auth" => CipherRegistry.SupportedCiphers.Where(CipherRegistry.IsAead),
            "mac" or "macs" => CipherRegistry.SupportedMacs,
            "kex" or "kexalgorithms" => KeyExchangeRegistry.Supported,
            "key" => KeyTypes,
            "key-plain" => PlainKeyTypes,
            "key-cert" => CertKeyTypes,
            "key-sig" or "hostkeyalgorithms" or "pubkeyacceptedalgorithms" => KeySigAlgs,
            "sig" => SigAlgs,
            "protocol-version" => ["2"],
            "compression" => ["none", "zlib@openssh.com", "zlib"],
            "help" => ["cipher", "cipher-auth", "compression", "kex", "key", "key-cert", "key-plain", "key-sig", "mac", "protocol-version", "sig"],
            _ => null,
        };
        if (list == null)
        {
            StdErr.Line($"Unsupported query \"{what}\"");
            return 255;
        }
        foreach (var s in list) StdErr.Out.Write(s + "\n");
        return 0;
    }
}
