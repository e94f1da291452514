namespace Braid.Integration.Tests.Load;

/// <summary>Sessions in bursts of 100 at once on one ControlPersist master: every output and exit status
/// right, and the master no bigger afterwards than after a first burst.</summary>
[Collection("Load")]
public class BurstSessionsTests(LoadFixture f) : IClassFixture<LoadFixture>
{
    [Fact]
    public async Task EveryBurstSessionIsRightAndTheMasterDoesNotGrow()
    {
        var s = LoadScale.Current;
        int n = s.Bursts * s.BurstSize;
        await SessionSoak.RunAsync(f, $"{n} sessions in bursts of {s.BurstSize}", n,
            warmUp: passenger => SessionLoops.Bursts(passenger, 0, 1, s.BurstSize),
            load: passenger => SessionLoops.Bursts(passenger, s.BurstSize, s.Bursts, s.BurstSize));
    }
}
