using System.Security.Cryptography;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Core;

/// <summary>scp, sftp, rsync and git driving out/braid as their ssh.</summary>
public class ToolsOnTopTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    private SshdServer S => sshd.Server;

    /// <summary>A wrapper so tools that take only a program name still read our test config.</summary>
    private string Wrapper()
    {
        var p = Path.Combine(S.Dir, "braid-wrap");
        if (!File.Exists(p))
        {
            File.WriteAllText(p, $"#!/bin/sh\nexec {Paths.Braid} -F {S.ConfigFile} \"$@\"\n");
            File.SetUnixFileMode(p, (UnixFileMode)0x1ed);
        }
        return p;
    }

    private string DataFile(int size)
    {
        var p = Path.Combine(S.Dir, "data-" + Guid.NewGuid().ToString("N")[..6]);
        File.WriteAllBytes(p, RandomNumberGenerator.GetBytes(size));
        return p;
    }

    private static bool Same(string a, string b) => SHA256.HashData(File.ReadAllBytes(a)).AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(b)));

    [Fact]
    public async Task ScpBothWays()
    {
        var src = DataFile(5 * 1024 * 1024);
        var remote = src + ".remote";
        var back = src + ".back";
        var up = await ProcessRunner.RunAsync("scp", ["-S", Wrapper(), "-q", src, $"h:{remote}"]);
        Assert.Equal(0, up.ExitCode);
        var down = await ProcessRunner.RunAsync("scp", ["-S", Wrapper(), "-q", $"h:{remote}", back]);
        Assert.Equal(0, down.ExitCode);
        Assert.True(Same(src, back));
    }

    [Fact]
    public async Task SftpGetAndPut()
    {
        var src = DataFile(3 * 1024 * 1024);
        var copy = src + ".sftp";
        var r = await ProcessRunner.RunAsync("sftp", ["-S", Wrapper(), "-q", "h"],
            System.Text.Encoding.UTF8.GetBytes($"put {src} {src}.up\nget {src}.up {copy}\nquit\n"));
        Assert.Equal(0, r.ExitCode);
        Assert.True(Same(src, copy));
    }

    [Fact]
    public async Task RsyncOverBraid()
    {
        var dir = Path.Combine(S.Dir, "rs-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(dir);
        for (int i = 0; i < 5; i++) File.WriteAllBytes(Path.Combine(dir, $"f{i}"), RandomNumberGenerator.GetBytes(100_000 * (i + 1)));
        var dest = dir + "-dest";
        var r = await ProcessRunner.RunAsync("rsync", ["-a", "-e", Wrapper(), dir + "/", $"h:{dest}/"]);
        Assert.Equal(0, r.ExitCode);
        for (int i = 0; i < 5; i++) Assert.True(Same(Path.Combine(dir, $"f{i}"), Path.Combine(dest, $"f{i}")));
    }

    [Fact]
    public async Task GitCloneOverBraid()
    {
        var repo = Path.Combine(S.Dir, "repo-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(repo);
        var env = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@e", ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@e",
        };
        await ProcessRunner.RunAsync("git", ["init", "-q", repo], env: env);
        File.WriteAllBytes(Path.Combine(repo, "blob"), RandomNumberGenerator.GetBytes(1024 * 1024));
        await ProcessRunner.RunAsync("git", ["-C", repo, "add", "."], env: env);
        var c = await ProcessRunner.RunAsync("git", ["-C", repo, "commit", "-q", "-m", "x"], env: env);
        Assert.Equal(0, c.ExitCode);
        var clone = repo + "-clone";
        env["GIT_SSH_COMMAND"] = Wrapper();
        var r = await ProcessRunner.RunAsync("git", ["clone", "-q", $"h:{repo}", clone], env: env);
        Assert.Equal(0, r.ExitCode);
        Assert.True(Same(Path.Combine(repo, "blob"), Path.Combine(clone, "blob")));
    }
}
