using System.Text;
using Braid.Ssh.HostKeys;

namespace Braid.Fuzz.Targets;

/// <summary>A known_hosts file, then lookups in it as a connection does them. The parser is lenient (bad
/// lines are skipped and counted), so nothing may throw at all.</summary>
public static class KnownHostsTarget
{
    private static readonly string[] Lookups = ["fuzz.example", "[fuzz.example]:2222", "10.1.2.3", "[::1]:22", "*"];

    public static void Run(ReadOnlySpan<byte> input)
    {
        var file = KnownHostsFile.Parse("fuzz_known_hosts", Encoding.UTF8.GetString(input));
        foreach (var host in Lookups)
        {
            var set = HostKeySet.ForHost(host, [file]);
            set.Check("ssh-ed25519", SampleKeys.Ed25519);
            _ = set.HasCertificateAuthority;
        }
        foreach (var entry in file.Entries)
            entry.HasKey(entry.KeyType, entry.KeyBlob);
    }
}
