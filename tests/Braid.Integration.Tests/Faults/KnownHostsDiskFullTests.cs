using System.Text;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Faults;

/// <summary>
/// Issue 6 item 2e: StrictHostKeyChecking=accept-new with known_hosts on a full filesystem (a 16 KiB tmpfs
/// mounted in a private mount namespace around the client, then filled). The client must say it could not
/// record the key and the existing file must keep its exact bytes. OpenSSH runs the same way for the record.
/// </summary>
public class KnownHostsDiskFullTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    private SshdServer S => sshd.Server;

    /// <summary>Known lines for other hosts, padded to exactly one 4 KiB page so even an append needs a new block.</summary>
    private string OriginalContent()
    {
        var other = Path.Combine(S.Dir, "other_host_key");
        if (!File.Exists(other)) SshdServer.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other);
        var key = string.Join(' ', File.ReadAllText(other + ".pub").Split(' ').Take(2));
        var sb = new StringBuilder();
        for (int port = 1; port <= 3; port++) sb.Append($"[127.0.0.1]:{port} {key}\n");
        sb.Append("# ");
        sb.Append('x', 4096 - sb.Length - 1).Append('\n');
        return sb.ToString();
    }

    private async Task<(ProcessResult Run, byte[] Before, byte[] After)> RunOnFullDisk(string client)
    {
        var dir = Path.Combine(S.Dir, "full-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(dir);
        var original = Path.Combine(dir, "original");
        File.WriteAllText(original, OriginalContent());
        var mnt = Path.Combine(dir, "mnt");
        Directory.CreateDirectory(mnt);
        var after = Path.Combine(dir, "after");
        var kh = Path.Combine(mnt, "known_hosts");
        // Inside the namespace: mount, copy the file in, fill the disk, run the client, copy the file out.
        var script = $"mount -t tmpfs -o size=16k tmpfs {mnt} || exit 90; cp {original} {kh} || exit 91; " +
                     $"dd if=/dev/zero of={mnt}/fill bs=1k 2>/dev/null; " +
                     $"if dd if=/dev/zero of={mnt}/probe bs=1 count=1 2>/dev/null; then echo 'tmpfs not full' >&2; exit 92; fi; " +
                     $"{client} -F {S.ConfigFile} -o UserKnownHostsFile={kh} -o StrictHostKeyChecking=accept-new " +
                     "-o BatchMode=yes -o LogLevel=INFO h 'echo ran'; rc=$?; " +
                     $"cp {kh} {after}; exit $rc";
        var r = await ProcessRunner.RunAsync("unshare", ["--mount", "--propagation", "private", "--", "sh", "-c", script],
            timeout: TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode is not (90 or 91 or 92),
            $"could not set up a full tmpfs in a private mount namespace (needs root / CAP_SYS_ADMIN): rc={r.ExitCode} {r.Stderr}");
        return (r, File.ReadAllBytes(original), File.ReadAllBytes(after));
    }

    [Fact]
    public async Task AcceptNewSaysSoAndLeavesTheFileIntact()
    {
        var (b, before, after) = await RunOnFullDisk(Paths.Braid);
        Assert.Equal(before, after);
        Assert.Contains("Failed to add the host to the list of known hosts", b.Stderr);
        Assert.DoesNotContain("Permanently added", b.Stderr);

        var (o, oBefore, oAfter) = await RunOnFullDisk("ssh");
        ReliabilityRecord.Write("fault", "accept-new with known_hosts on a full tmpfs (private mount namespace)",
            "braid: clear error, file byte-identical",
            $"braid rc {b.ExitCode}, stdout \"{b.Stdout.Trim()}\", stderr \"{b.Stderr.Trim()}\"; " +
            $"OpenSSH 9.2 for comparison: rc {o.ExitCode}, stderr \"{o.Stderr.Trim()}\", file {(oBefore.AsSpan().SequenceEqual(oAfter) ? "unchanged" : $"changed ({oBefore.Length} -> {oAfter.Length} bytes)")}");
    }
}
