using Braid.Integration.Tests.Faults;
using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Core;

/// <summary>
/// CheckHostIP=yes against a server that is not on loopback (ssh turns the check off for loopback peers):
/// a private network namespace whose lo also carries 10.200.0.1, sshd listening there, and a host name
/// for it from a bind-mounted /etc/hosts. Braid and OpenSSH start from the same known_hosts (the name's
/// key only) and must print the same and leave the same file (the IP's line added).
/// </summary>
public class CheckHostIpTests
{
    private const string Address = "10.200.0.1", Name = "ipcheck-host";

    [Fact]
    public async Task TheAddressIsRecordedBesideTheNameAsSshDoes()
    {
        using var ns = new NetNamespace();
        SshdServer.Run("nsenter", ns.Enter("ip", "addr", "add", Address + "/32", "dev", "lo"));
        using var server = new SshdServer(new SshdOptions { NetNamespacePid = ns.Pid, ExtraConfig = $"ListenAddress {Address}\n" });
        var hosts = Path.Combine(server.Dir, "hosts");
        File.WriteAllText(hosts, $"127.0.0.1 localhost\n{Address} {Name}\n");
        var key = string.Join(' ', File.ReadAllText(Path.Combine(server.Dir, "ssh_host_ed25519_key.pub")).Split(' ').Take(2));

        var results = new Dictionary<Tool, (ProcessResult Run, string KnownHosts)>();
        foreach (var tool in new[] { Tool.OpenSsh, Tool.Braid })
        {
            var kh = Path.Combine(server.Dir, $"kh-{tool}");
            File.WriteAllText(kh, $"[{Name}]:{server.Port} {key}\n");
            // A private mount namespace for the client too, so that only it sees the name.
            var run = await ProcessRunner.RunAsync("nsenter", ns.Enter("unshare", "--mount", "--propagation", "private", "--",
                "sh", "-c", $"mount --bind {hosts} /etc/hosts && exec \"$0\" \"$@\"",
                MuxFixture.Exe(tool), "-F", server.ConfigFile, "-o", $"HostName={Name}", "-o", "CheckHostIP=yes",
                "-o", "UserKnownHostsFile=" + kh, "-o", "HostKeyAlgorithms=ssh-ed25519", "-o", "LogLevel=INFO", "h", "echo ok"));
            results[tool] = (run, File.ReadAllText(kh));
        }

        var (ssh, braid) = (results[Tool.OpenSsh], results[Tool.Braid]);
        Assert.True(ssh.Run.Stdout == "ok\n", ssh.Run.Stderr);
        Assert.True(braid.Run.Stdout == "ok\n", braid.Run.Stderr);
        Assert.Contains($"[{Address}]:{server.Port}", ssh.KnownHosts); // what the reference does, so the test means something
        Assert.Equal(ssh.Run.Stderr, braid.Run.Stderr);
        Assert.Equal(ssh.KnownHosts, braid.KnownHosts);
    }
}
