using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Mux;

/// <summary>A server allowing only 3 sessions per connection.</summary>
public sealed class FewSessionsMuxFixture : MuxFixture
{
    public FewSessionsMuxFixture() : base(new SshdOptions { MaxSessions = 3 }) { }
}

/// <summary>
/// sshd's MaxSessions counts every passenger of a master (reference §10.1): over the limit the master answers
/// "Session open refused by peer" and the passenger, as OpenSSH's does, connects on its own instead.
/// </summary>
public class SessionLimitTests(FewSessionsMuxFixture f) : IClassFixture<FewSessionsMuxFixture>
{
    [Theory]
    [InlineData(Tool.Braid)]
    [InlineData(Tool.OpenSsh)]
    public async Task OverMaxSessionsThePassengerIsRefusedAndFallsBack(Tool masterTool)
    {
        await using var m = await f.StartMasterAsync(masterTool);
        var flag = Path.Combine(f.Dir, "flag-" + Guid.NewGuid().ToString("N")[..6]);
        var holders = new List<LiveProcess>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                var h = f.Start(Tool.Braid, "-S", m.Path, "h", $"echo held; while [ ! -e {flag} ]; do sleep 0.1; done");
                holders.Add(h);
                await h.WaitForStdoutAsync("held");
            }
            foreach (var passenger in new[] { Tool.Braid, Tool.OpenSsh })
            {
                var r = await f.Run(passenger, "-S", m.Path, "h", "echo direct; exit 6");
                Assert.Contains("mux_client_request_session: session request failed: Session open refused by peer", r.Stderr);
                Assert.Equal("direct\n", r.Stdout);
                Assert.Equal(6, r.ExitCode);
            }
            File.WriteAllText(flag, "");
            foreach (var h in holders) Assert.Equal(0, await h.WaitForExitAsync());
            // With the sessions gone the master serves again.
            var again = await f.Run(Tool.Braid, "-S", m.Path, "h", "echo shared");
            Assert.Equal("shared\n", again.Stdout);
        }
        finally
        {
            File.WriteAllText(flag, "");
            foreach (var h in holders) h.Dispose();
        }
    }
}
