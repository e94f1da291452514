namespace Braid.Integration.Tests.Load;

/// <summary>Sessions in bursts of 100 at once on one ControlPersist master: every output and exit status
/// right, and the master no bigger afterwards than after the first few bursts.</summary>
[Collection("Load")]
public class BurstSessionsTests(LoadFixture f) : IClassFixture<LoadFixture>
{
    /// <summary>Bursts before the baseline: the thread pool grows over the first few (one is not enough),
    /// and each worker brings its own stack, malloc arena and pooled buffers.</summary>
    // Ten bursts: the thread pool, glibc's cache of thread stacks and the shared ArrayPool grow to what the
    // peak concurrency needs over the first bursts (three were not always enough on a loaded machine).
    private const int WarmUpBursts = 10;

    [Fact]
    public async Task EveryBurstSessionIsRightAndTheMasterDoesNotGrow()
    {
        var s = LoadScale.Current;
        int n = s.Bursts * s.BurstSize;
        await SessionSoak.RunAsync(f, $"{n} sessions in bursts of {s.BurstSize}", n,
            warmUp: passenger => SessionLoops.Bursts(passenger, 0, WarmUpBursts, s.BurstSize),
            load: passenger => SessionLoops.Bursts(passenger, WarmUpBursts * s.BurstSize, s.Bursts, s.BurstSize));
    }
}
