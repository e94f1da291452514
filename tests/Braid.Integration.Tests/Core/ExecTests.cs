using System.Security.Cryptography;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Core;

public class ExecTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    [Fact]
    public async Task StdoutStderrAndExitCodeAreSeparate()
    {
        var r = await sshd.Braid("h", "printf out; printf err >&2; exit 7");
        Assert.Equal("out", r.Stdout);
        Assert.Equal("err", r.Stderr);
        Assert.Equal(7, r.ExitCode);
    }

    [Fact]
    public async Task RemoteSignalExits255LikeOpenSsh()
    {
        var r = await sshd.Braid("h", "kill -TERM $$");
        Assert.Equal(255, r.ExitCode);
        var o = await ProcessRunner.RunAsync("ssh", ["-F", sshd.Server.ConfigFile, "h", "kill -TERM $$"]);
        Assert.Equal(o.ExitCode, r.ExitCode);
        Assert.Equal(o.Stderr, r.Stderr);
    }

    [Fact]
    public async Task CommandWordsAreJoinedWithSpaces()
    {
        var r = await sshd.Braid("h", "echo", "a", "b  c");
        Assert.Equal("a b c\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public async Task StdinIsStreamedAndEofDelivered()
    {
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var r = await sshd.BraidWith(data, null, "h", "sha256sum");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith(Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant(), r.Stdout);
    }

    [Fact]
    public async Task DashNGivesEmptyStdin()
    {
        var r = await sshd.BraidWith("ignored"u8.ToArray(), null, "-n", "h", "wc -c");
        Assert.Equal("0", r.Stdout.Trim());
    }

    [Fact]
    public async Task ConnectionRefusedIs255WithOpenSshText()
    {
        var r = await ProcessRunner.RunAsync(Paths.Braid, ["-F", "/dev/null", "-p", "1", "127.0.0.1", "true"]);
        Assert.Equal(255, r.ExitCode);
        Assert.Contains("ssh: connect to host 127.0.0.1 port 1: Connection refused", r.Stderr);
    }
}
