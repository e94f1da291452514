using System.Diagnostics;

namespace Braid.Integration.Tests.Fixtures;

/// <summary>The harness never signals a process that merely inherited a remembered PID.</summary>
public class ProcessStampTests
{
    [Fact]
    public void ASignalReachesOnlyTheProcessThatWasStamped()
    {
        using var sleeper = Process.Start("sleep", "60");
        try
        {
            var stamp = ProcessStamp.Of(sleeper.Id) ?? throw new InvalidOperationException("no /proc entry for sleep");
            Assert.True(stamp.IsAlive);

            // The same PID with another start time stands for a later process that got the PID.
            var stale = stamp with { StartTicks = stamp.StartTicks - 1 };
            Assert.False(stale.IsAlive);
            stale.Kill();
            Assert.False(sleeper.WaitForExit(200));

            stamp.Kill();
            Assert.True(sleeper.WaitForExit(10_000));
        }
        finally
        {
            if (!sleeper.HasExited) sleeper.Kill();
        }
    }
}
