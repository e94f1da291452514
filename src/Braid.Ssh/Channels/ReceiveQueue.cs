using System.Buffers;

namespace Braid.Ssh.Channels;

/// <summary>
/// Bytes received on a channel and not yet consumed. It never holds more than the window we granted,
/// so the connection's reader loop can always enqueue without waiting: one slow consumer never
/// stalls the other channels, and never grows memory past its window.
/// </summary>
internal sealed class ReceiveQueue
{
    private readonly object _lock = new();
    private readonly Queue<(byte[] Buffer, int Offset, int Length)> _segments = new();
    private int _count;
    private bool _completed;
    private Exception? _error;
    private TaskCompletionSource? _waiter;

    public int Count { get { lock (_lock) return _count; } }

    public void Enqueue(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        var buf = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(buf);
        TaskCompletionSource? w;
        lock (_lock)
        {
            if (_completed) { ArrayPool<byte>.Shared.Return(buf); return; }
            _segments.Enqueue((buf, 0, data.Length));
            _count += data.Length;
            w = _waiter; _waiter = null;
        }
        w?.TrySetResult();
    }

    /// <summary>No more data will come (EOF), or the channel failed.</summary>
    public void Complete(Exception? error = null)
    {
        TaskCompletionSource? w;
        lock (_lock)
        {
            if (_completed) return;
            _completed = true;
            _error = error;
            w = _waiter; _waiter = null;
        }
        w?.TrySetResult();
    }

    /// <summary>Completes once bytes are available or no more will come, so that a read then returns at once.</summary>
    public async ValueTask WaitAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_count > 0 || _completed) return;
                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Copies available bytes; 0 means end of data.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_count > 0)
                {
                    int n = 0;
                    var dst = destination.Span;
                    while (n < dst.Length && _segments.Count > 0)
                    {
                        var (b, off, len) = _segments.Peek();
                        int avail = len - _headConsumed;
                        int take = Math.Min(avail, dst.Length - n);
                        b.AsSpan(off + _headConsumed, take).CopyTo(dst[n..]);
                        n += take;
                        if (take == avail) { _segments.Dequeue(); _headConsumed = 0; ArrayPool<byte>.Shared.Return(b); }
                        else _headConsumed += take;
                    }
                    _count -= n;
                    return n;
                }
                if (_completed)
                {
                    if (_error != null) throw new IOException(_error.Message, _error);
                    return 0;
                }
                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    // Bytes of the front segment already handed out.
    private int _headConsumed;

    public void Clear()
    {
        lock (_lock)
        {
            while (_segments.Count > 0) ArrayPool<byte>.Shared.Return(_segments.Dequeue().Buffer);
            _count = 0;
            _headConsumed = 0;
        }
    }
}
