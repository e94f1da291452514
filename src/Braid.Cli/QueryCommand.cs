using Braid.Ssh.KeyExchange;
using Braid.Ssh.Transport.Ciphers;

namespace Braid.Cli;

/// <summary>-Q: what this build supports, one name per line, as `ssh -Q` prints it.</summary>
internal static class QueryCommand
{
    private static readonly string[] KeyTypes = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"];
    private static readonly string[] SigAlgs = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa", "rsa-sha2-256", "rsa-sha2-512"];

    public static int Run(string what)
    {
        IEnumerable<string>? list = what.ToLowerInvariant() switch
        {
            "cipher" or "ciphers" => CipherRegistry.SupportedCiphers,
            "cipher-auth" => CipherRegistry.SupportedCiphers.Where(CipherRegistry.IsAead),
            "mac" or "macs" => CipherRegistry.SupportedMacs,
            "kex" or "kexalgorithms" => KeyExchangeRegistry.Supported,
            "key" or "key-plain" or "hostkeyalgorithms" or "pubkeyacceptedalgorithms" => KeyTypes,
            "key-cert" => [],
            "key-sig" or "sig" => SigAlgs,
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
