using System.Text;
using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Core;

/// <summary>
/// Output many channel windows long, on stdout and stderr at once: every byte arrives, in order, on
/// its own stream. Exercises the receive window's adjusts (and its growth, where the machine's timing
/// allows it) and the session pump's two output readers sharing one window.
/// </summary>
public class ManyWindowsOutputTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    internal const string Command = "seq 1 200000 >&2 & seq 1 3000000; wait";

    internal static string Seq(int n)
    {
        var sb = new StringBuilder();
        for (int i = 1; i <= n; i++) sb.Append(i).Append('\n');
        return sb.ToString();
    }

    [Fact]
    public async Task StdoutAndStderrOfManyWindowsArriveWhole()
    {
        // ~22 MB on stdout (ten 2 MiB windows and more) while ~1.3 MB go to stderr.
        AssertWhole(await sshd.Braid("h", Command));
    }

    internal static void AssertWhole(ProcessResult r)
    {
        Assert.Equal(0, r.ExitCode);
        Assert.True(Seq(3000000) == r.Stdout, $"stdout: {r.Stdout.Length} chars");
        Assert.True(Seq(200000) == r.Stderr, $"stderr: {r.Stderr.Length} chars");
    }
}

/// <summary>The same through a Braid master, whose session pump writes to the passenger's passed descriptors.</summary>
public class ManyWindowsThroughAMasterTests(MuxFixture f) : IClassFixture<MuxFixture>
{
    [Theory]
    [InlineData(Tool.Braid)]
    [InlineData(Tool.OpenSsh)]
    public async Task StdoutAndStderrOfManyWindowsArriveWhole(Tool passenger)
    {
        var m = await f.SharedMasterAsync(Tool.Braid);
        ManyWindowsOutputTests.AssertWhole(await f.Run(passenger, "-S", m.Path, "h", ManyWindowsOutputTests.Command));
    }
}
