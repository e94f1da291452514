using System.Runtime.Versioning;
using Braid.Ssh.HostKeys;
using static Braid.Ssh.Tests.HostKeys.TestKeys;

namespace Braid.Ssh.Tests.HostKeys;

[UnsupportedOSPlatform("windows")] // file modes; Braid targets Unix
public class KnownHostsAddTests
{
    private static void Add(string path, string host, string? ip, string key, bool hash, string? sshDir = null)
        => new AtomicFileAppender(sshDir ?? "/nonexistent-home/.ssh")
            .Append(path, KnownHostsLineFormatter.Format(host, ip, TypeOf(key), BlobOf(key), hash));

    [Fact]
    public void LineFormatIsWhatSshWrites()
    {
        Assert.Equal([$"host.example.com {Ed}"], KnownHostsLineFormatter.Format("Host.Example.COM", null, TypeOf(Ed), BlobOf(Ed), false));
        Assert.Equal([$"host,10.0.0.1 {Ed}"], KnownHostsLineFormatter.Format("host", "10.0.0.1", TypeOf(Ed), BlobOf(Ed), false));
        var hashed = KnownHostsLineFormatter.Format("host", "10.0.0.1", TypeOf(Ed), BlobOf(Ed), true);
        Assert.Equal(2, hashed.Count);
        Assert.All(hashed, l => Assert.Matches(@"^\|1\|[A-Za-z0-9+/]{27}=\|[A-Za-z0-9+/]{27}= ssh-ed25519 ", l));
        Assert.NotEqual(hashed[0].Split('|')[2], hashed[1].Split('|')[2]); // a fresh salt per line
    }

    [Theory]
    [InlineData("server.example.com", false)]
    [InlineData("server.example.com", true)]
    [InlineData("[127.0.0.1]:2222", false)]
    [InlineData("[127.0.0.1]:2222", true)]
    public void SshKeygenFindsAddedHost(string host, bool hash)
    {
        using var dir = new TempDir();
        var path = dir.File("known_hosts");
        File.WriteAllText(path, $"# keep me\nother {Ed2}\n");
        Add(path, host, null, Ed, hash);

        var found = SshKeygen.Run("-F", host, "-f", path);
        if (found is null) return; // ssh-keygen not installed
        Assert.Equal(0, found.Value.ExitCode);
        Assert.Contains($"found: line 3", found.Value.Stdout);
        Assert.Contains(Ed.Split(' ')[1], found.Value.Stdout);
        Assert.StartsWith($"# keep me\nother {Ed2}\n", File.ReadAllText(path));
    }

    [Fact]
    public void HashedHostAndIpEachFindable()
    {
        using var dir = new TempDir();
        var path = dir.File("known_hosts");
        Add(path, "server", "192.0.2.7", Ed, hash: true);
        foreach (var name in new[] { "server", "192.0.2.7" })
        {
            var found = SshKeygen.Run("-F", name, "-f", path);
            if (found is null) return;
            Assert.Equal(0, found.Value.ExitCode);
        }
    }

    [Fact]
    public void NewFileIs0600AndExistingModeIsKept()
    {
        using var dir = new TempDir();
        var fresh = dir.File("fresh");
        Add(fresh, "h", null, Ed, false);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fresh));

        var shared = dir.File("shared");
        File.WriteAllText(shared, "");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(shared, mode);
        Add(shared, "h", null, Ed, false);
        Assert.Equal(mode, File.GetUnixFileMode(shared));
        Assert.Equal($"h {Ed}\n", File.ReadAllText(shared));
    }

    [Fact]
    public void CreatesUserSshDirectoryWith0700()
    {
        using var dir = new TempDir();
        var sshDir = dir.File(".ssh");
        var path = Path.Combine(sshDir, "known_hosts");
        Add(path, "h", null, Ed, false, sshDir);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(sshDir));
        Assert.Equal($"h {Ed}\n", File.ReadAllText(path));
    }

    [Fact]
    public void MissingNewlineAtEndIsRepaired()
    {
        using var dir = new TempDir();
        var path = dir.File("known_hosts");
        File.WriteAllText(path, $"a {Ed2}");
        Add(path, "b", null, Ed, false);
        Assert.Equal($"a {Ed2}\nb {Ed}\n", File.ReadAllText(path));
    }

    [Fact]
    public void WritesThroughSymlink()
    {
        using var dir = new TempDir();
        var real = dir.File("real");
        File.WriteAllText(real, "");
        var link = dir.File("link");
        File.CreateSymbolicLink(link, real);
        Add(link, "h", null, Ed, false);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal($"h {Ed}\n", File.ReadAllText(real));
    }

    // Making a write fail as root: chmod does not stop root, and mounting a tiny tmpfs needs privileges
    // tests should not assume. A file name so long that "name.XXXXXXXX" exceeds NAME_MAX (255) makes the
    // kernel refuse the temp file (ENAMETOOLONG) for any user, while the original stays writable.
    [Fact]
    public void TempFileCreationFailureLeavesOriginalUntouched()
    {
        using var dir = new TempDir();
        var path = dir.File(new string('k', 250));
        var original = $"# original\nother {Ed2}\n";
        File.WriteAllText(path, original);

        var e = Assert.Throws<KnownHostsWriteException>(() => Add(path, "h", null, Ed, false));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        Assert.Equal(original, File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void FailureBeforeRenameLeavesOriginalAndNoTempFile()
    {
        using var dir = new TempDir();
        var path = dir.File("known_hosts");
        File.WriteAllText(path, "original\n");
        var appender = new AtomicFileAppender(null, _ => throw new IOException("No space left on device"));
        var e = Assert.Throws<KnownHostsWriteException>(() => appender.Append(path, [$"h {Ed}"]));
        Assert.Contains("No space left on device", e.Message);
        Assert.Equal("original\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void UserSshDirectoryBlockedByAFileFails()
    {
        using var dir = new TempDir();
        var sshDir = dir.File(".ssh");
        File.WriteAllText(sshDir, "not a directory");
        Assert.Throws<KnownHostsWriteException>(() => Add(Path.Combine(sshDir, "known_hosts"), "h", null, Ed, false, sshDir));
        Assert.Equal("not a directory", File.ReadAllText(sshDir));
    }

    [Fact]
    public void ConcurrentAppendIsNotLost()
    {
        using var dir = new TempDir();
        var path = dir.File("known_hosts");
        File.WriteAllText(path, "a\n");
        bool raced = false;
        // Another writer appends between our copy and our rename: we must start over, not overwrite it.
        var appender = new AtomicFileAppender(null, _ =>
        {
            if (raced) return;
            raced = true;
            File.AppendAllText(path, "other\n");
        });
        appender.Append(path, ["mine"]);
        Assert.Equal("a\nother\nmine\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
