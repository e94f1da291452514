using Braid.Ssh.Channels;

namespace Braid.Ssh.Tests.Channels;

public class ReceiveQueueTests
{
    [Fact]
    public async Task ReadsAcrossSegmentsInOrder()
    {
        var q = new ReceiveQueue();
        q.Enqueue("hello "u8);
        q.Enqueue("world"u8);
        var buf = new byte[4];
        var all = new List<byte>();
        q.Complete();
        int n;
        while ((n = await q.ReadAsync(buf, default)) > 0) all.AddRange(buf.AsSpan(0, n).ToArray());
        Assert.Equal("hello world", System.Text.Encoding.ASCII.GetString(all.ToArray()));
    }

    [Fact]
    public async Task PendingReadWakesOnData()
    {
        var q = new ReceiveQueue();
        var buf = new byte[16];
        var t = q.ReadAsync(buf, default).AsTask();
        Assert.False(t.IsCompleted);
        q.Enqueue("x"u8);
        Assert.Equal(1, await t);
    }

    [Fact]
    public async Task ErrorSurfacesAfterData()
    {
        var q = new ReceiveQueue();
        q.Enqueue("ab"u8);
        q.Complete(new InvalidOperationException("boom"));
        Assert.Equal(2, await q.ReadAsync(new byte[8], default));
        await Assert.ThrowsAsync<IOException>(async () => await q.ReadAsync(new byte[8], default));
    }

    [Fact]
    public async Task CancelledReadThrows()
    {
        var q = new ReceiveQueue();
        using var cts = new CancellationTokenSource();
        var t = q.ReadAsync(new byte[8], cts.Token).AsTask();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t);
    }

    [Fact]
    public async Task WaitCompletesOnDataOrEndWithoutConsuming()
    {
        var q = new ReceiveQueue();
        var wait = q.WaitAsync(default).AsTask();
        Assert.False(wait.IsCompleted);
        q.Enqueue("ab"u8);
        await wait;
        Assert.Equal(2, q.Count);                        // waiting took nothing out
        Assert.Equal(2, await q.ReadAsync(new byte[8], default));
        var atEnd = q.WaitAsync(default).AsTask();
        Assert.False(atEnd.IsCompleted);
        q.Complete();
        await atEnd;
        Assert.Equal(0, await q.ReadAsync(new byte[8], default));
    }
}
