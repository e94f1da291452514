namespace Braid.Integration.Tests.Load;

/// <summary>Thousands of shared sessions one after another on one ControlPersist master: every output and
/// exit status right, and the master no bigger afterwards (no leaked fd, channel or buffer per session).</summary>
[Collection("Load")]
public class SequentialSessionsTests(LoadFixture f) : IClassFixture<LoadFixture>
{
    [Fact]
    public async Task EverySequentialSessionIsRightAndTheMasterDoesNotGrow()
    {
        int n = LoadScale.Current.Sequential, first = SessionSoak.WarmUpSessions + 1;
        await SessionSoak.RunAsync(f, $"{n} sequential sessions", n,
            warmUp: passenger => SessionLoops.Sequential(passenger, 1, SessionSoak.WarmUpSessions),
            load: passenger => SessionLoops.Sequential(passenger, first, first + n - 1));
    }
}
