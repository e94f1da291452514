using Braid.Ssh.Channels;

namespace Braid.Ssh.Tests.Channels;

/// <summary>
/// The auto-tuning policy of the receive window, driven by a hand-moved clock: a simulated server
/// sends whatever the window allows, the link takes a fixed RTT, and the consumer takes bytes at a
/// chosen rate. No real time is involved.
/// </summary>
public class ReceiveWindowTests
{
    private const uint Initial = 2 * 1024 * 1024;
    private const int Packet = 32 * 1024;

    private sealed class ManualClock : TimeProvider
    {
        public long Now;
        public override long TimestampFrequency => 1000; // ticks are milliseconds
        public override long GetTimestamp() => Now;
    }

    /// <summary>
    /// Event-stepped simulation, 1 ms per step: adjusts reach the server after RTT/2 and the data it
    /// then sends reaches us after another RTT/2. The consumer takes up to <paramref name="readPerMs"/>
    /// bytes per ms out of what has arrived. Returns the window, the peak unread bytes and the bytes consumed.
    /// </summary>
    private static (ReceiveWindow W, long PeakUnread, long Consumed) Simulate(
        int rttMs, long readPerMs, int ms, uint max = ReceiveWindow.DefaultMax, long sendPerMs = long.MaxValue)
    {
        var clock = new ManualClock();
        var w = new ReceiveWindow(Initial, max, clock);
        long serverWindow = Initial;                    // what the server believes it may send
        var adjustsInFlight = new Queue<(long At, uint Bytes)>();
        var dataInFlight = new Queue<(long At, int Bytes)>();
        long unread = 0, peak = 0, consumed = 0;
        for (clock.Now = 0; clock.Now < ms; clock.Now++)
        {
            while (adjustsInFlight.Count > 0 && adjustsInFlight.Peek().At <= clock.Now)
                serverWindow += adjustsInFlight.Dequeue().Bytes;
            long send = Math.Min(serverWindow, sendPerMs);
            serverWindow -= send;
            for (long s = send; s > 0; s -= Packet) dataInFlight.Enqueue((clock.Now + rttMs / 2, (int)Math.Min(Packet, s)));
            while (dataInFlight.Count > 0 && dataInFlight.Peek().At <= clock.Now)
            {
                int n = dataInFlight.Dequeue().Bytes;
                Assert.Equal(n, w.Accept(n));           // the simulated server never overruns
                unread += n;
            }
            peak = Math.Max(peak, unread);
            long take = Math.Min(unread, readPerMs);
            for (long t = take; t > 0; t -= Packet)
            {
                int n = (int)Math.Min(Packet, t);
                uint adjust = w.Consumed(n);
                if (adjust > 0) adjustsInFlight.Enqueue((clock.Now + rttMs / 2, adjust));
            }
            unread -= take;
            consumed += take;
            Assert.True(unread <= w.Size, $"unread {unread} > advertised window {w.Size} at {clock.Now} ms");
        }
        return (w, peak, consumed);
    }

    [Fact]
    public void FastReaderOnALongLinkGrowsTheWindowToTheCap()
    {
        var (w, _, consumed) = Simulate(rttMs: 100, readPerMs: long.MaxValue, ms: 3000);
        Assert.Equal(ReceiveWindow.DefaultMax, w.Size);
        Assert.Equal(TimeSpan.FromMilliseconds(100), w.Rtt);
        // A fixed 2 MiB window would have moved at most 2 MiB per RTT = 60 MiB in 3 s.
        Assert.True(consumed > 2L * 60 * 1024 * 1024, $"consumed {consumed}");
    }

    [Fact]
    public void GrowthStopsAtTheCap()
    {
        const uint cap = 5 * 1024 * 1024;
        var (w, _, _) = Simulate(rttMs: 100, readPerMs: long.MaxValue, ms: 3000, max: cap);
        Assert.Equal(cap, w.Size);
    }

    [Fact]
    public void WindowFollowsTheBandwidthDelayProductOfTheBottleneck()
    {
        // The server produces 40 kB per ms (40 MB/s) over 100 ms: BDP 4 MB; the window ends at 4 to 8 × that, below the cap.
        var (w, _, _) = Simulate(rttMs: 100, readPerMs: long.MaxValue, ms: 5000, max: 256 * 1024 * 1024, sendPerMs: 40_000);
        Assert.InRange(w.Size, 16_000_000u, 32_000_000u);
    }

    [Fact]
    public void SlowReaderDoesNotGrowTheWindowNorBufferMoreThanIt()
    {
        // 2 kB per ms = 2 MB/s, far below what the 2 MiB window allows over 100 ms (21 MB/s).
        var (w, peak, _) = Simulate(rttMs: 100, readPerMs: 2_000, ms: 5000);
        Assert.Equal(Initial, w.Size);
        Assert.True(peak <= Initial, $"peak unread {peak}");
    }

    [Fact]
    public void ShortLinkKeepsTheInitialWindow()
    {
        // 2 ms RTT, consumer at 200 MB/s: 400 kB per RTT needs no more than the initial 2 MiB.
        var (w, _, _) = Simulate(rttMs: 2, readPerMs: 200_000, ms: 2000);
        Assert.Equal(TimeSpan.FromMilliseconds(2), w.Rtt);
        Assert.Equal(Initial, w.Size);
    }

    [Fact]
    public void WindowDoublesEveryRoundTripWhileItIsTheLimit()
    {
        // Data first arrives at 50 ms; the first RTT sample completes at 150 ms, then one doubling per RTT.
        var (w, _, _) = Simulate(rttMs: 100, readPerMs: long.MaxValue, ms: 351);
        Assert.Equal(8 * Initial, w.Size);
        (w, _, _) = Simulate(rttMs: 100, readPerMs: long.MaxValue, ms: 451);
        Assert.Equal(16 * Initial, w.Size);
    }

    [Fact]
    public void TheOpenConfirmationIsTheFirstRttSample()
    {
        var clock = new ManualClock();
        var w = new ReceiveWindow(Initial, clock: clock);
        clock.Now = 100;
        w.OpenConfirmed();
        Assert.Equal(TimeSpan.FromMilliseconds(100), w.Rtt);
        // A whole window arrives and is consumed at once: with the RTT known, taking half the window
        // within one RTT is enough to double at once (without it, growth waits for an adjust's probe).
        clock.Now = 200;
        Assert.Equal((int)Initial, w.Accept((int)Initial));
        Assert.Equal(2 * Initial, w.Consumed((int)Initial)); // the consumed bytes plus the growth
        Assert.Equal(2 * Initial, w.Size);
    }

    [Fact]
    public void NoGrowthBeforeAnRttIsMeasured()
    {
        var w = new ReceiveWindow(Initial, clock: new ManualClock());
        Assert.Equal(Initial / 2, (uint)w.Accept((int)Initial / 2));
        Assert.Equal(Initial / 2, w.Consumed((int)Initial / 2)); // one adjust for all of it
        Assert.Equal(Initial, w.Size);
        Assert.Null(w.Rtt);
    }

    [Fact]
    public void DataBeyondTheWindowIsRefusedAndAdjustsReopenOnlyWhatWasConsumed()
    {
        var w = new ReceiveWindow(1000, clock: new ManualClock());
        Assert.Equal(1000, w.Accept(1500));
        Assert.Equal(0u, w.Left);
        Assert.Equal(0u, w.Consumed(249));             // below a quarter of the window: no adjust yet
        Assert.Equal(250u, w.Consumed(1));
        Assert.Equal(250u, w.Left);
    }
}
