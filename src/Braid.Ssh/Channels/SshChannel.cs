using Braid.Ssh.Wire;

namespace Braid.Ssh.Channels;

/// <summary>How a channel ended from the server's point of view (RFC 4254 §6.10).</summary>
public sealed record ExitSignal(string Name, bool CoreDumped, string ErrorMessage);

/// <summary>
/// One SSH channel (RFC 4254 §5). Data from the server is buffered up to the window we grant, and
/// the window is re-opened only as the consumer reads: a slow reader throttles the server rather than
/// growing our memory. The window grows with the measured bandwidth-delay product when the consumer
/// keeps up (<see cref="ReceiveWindow"/>). Writes wait for the server's window.
/// </summary>
public sealed class SshChannel
{
    private readonly SshConnection _connection;
    private readonly object _lock = new();
    private readonly ReceiveQueue _stdout = new();
    private readonly ReceiveQueue _stderr = new();
    private readonly Queue<TaskCompletionSource<bool>> _pendingReplies = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _windowWaiter;
    private readonly ReceiveWindow _window;
    private long _remoteWindow;
    private uint _windowExceeded;
    private bool _sentEof, _sentClose, _receivedClose, _receivedEof;

    public uint LocalId { get; }
    public uint RemoteId { get; internal set; }
    public string ChannelType { get; }
    public uint RemoteMaxPacket { get; internal set; }
    /// <summary>The window the channel was opened with.</summary>
    public uint LocalWindowSize { get; }
    public uint LocalMaxPacket { get; }
    public int? ExitStatus { get; private set; }
    public ExitSignal? ExitSignal { get; private set; }
    /// <summary>Why the connection under this channel died, if it did (a master tells its passenger).</summary>
    public Exception? ConnectionLostReason { get; private set; }
    public bool ReceivedEof => _receivedEof;
    /// <summary>Completes when both sides have sent CHANNEL_CLOSE (or the connection died).</summary>
    public Task Closed => _closed.Task;
    public long BytesIn { get; private set; }
    public long BytesOut { get; private set; }

    /// <summary>Server-to-client channel requests other than exit-status/exit-signal (e.g. eow@openssh.com).</summary>
    public Func<string, ReadOnlyMemory<byte>, bool>? OnRequest { get; set; }
    /// <summary>Raised once when exit-status or exit-signal arrives.</summary>
    public event Action<SshChannel>? ExitReceived;

    internal SshChannel(SshConnection connection, uint localId, string type, uint windowSize, uint maxPacket)
    {
        _connection = connection;
        LocalId = localId;
        ChannelType = type;
        LocalWindowSize = windowSize;
        LocalMaxPacket = maxPacket;
        _window = new ReceiveWindow(windowSize);
    }

    /// <param name="weOpened">We sent the open when this channel was created: the confirmation took one round trip.</param>
    internal void OnOpenConfirmed(uint remoteId, uint remoteWindow, uint remoteMaxPacket, bool weOpened = false)
    {
        if (weOpened) lock (_lock) _window.OpenConfirmed();
        RemoteId = remoteId;
        _remoteWindow = remoteWindow;
        // Never trust a zero or absurd max packet; OpenSSH treats 0 as broken.
        RemoteMaxPacket = Math.Clamp(remoteMaxPacket, 1024u, 256u * 1024u);
    }

    // ---- incoming, called from the connection's reader loop only ----

    internal void OnData(ReadOnlySpan<byte> data, bool extended)
    {
        if (_receivedEof || _receivedClose) return;
        int fits;
        lock (_lock) fits = _window.Accept(data.Length);
        if (fits < data.Length)
        {
            // Like OpenSSH: keep the data (never lose a byte), tolerate a small excess, and give up on a
            // peer that ignores the window altogether.
            _windowExceeded += (uint)(data.Length - fits);
            _connection.Log.Debug($"channel {LocalId}: rcvd too much data {data.Length}, win {fits} (excess {_windowExceeded})");
            if (_windowExceeded > _window.Size / 10)
                throw new SshProtocolException($"channel {LocalId}: peer ignored channel window");
        }
        BytesIn += data.Length;
        (extended ? _stderr : _stdout).Enqueue(data);
    }

    internal void OnWindowAdjust(uint bytes)
    {
        TaskCompletionSource? w;
        lock (_lock)
        {
            _remoteWindow = Math.Min(_remoteWindow + bytes, uint.MaxValue);
            w = _windowWaiter; _windowWaiter = null;
        }
        w?.TrySetResult();
    }

    internal void OnEof()
    {
        _receivedEof = true;
        _stdout.Complete();
        _stderr.Complete();
    }

    internal void OnReply(bool success)
    {
        TaskCompletionSource<bool>? t;
        lock (_lock) t = _pendingReplies.Count > 0 ? _pendingReplies.Dequeue() : null;
        if (t == null) throw new SshProtocolException($"channel {LocalId}: unexpected channel request reply");
        t.TrySetResult(success);
    }

    internal bool OnRequestReceived(string type, ReadOnlyMemory<byte> data)
    {
        var r = new SshReader(data.Span);
        switch (type)
        {
            case "exit-status":
                ExitStatus = (int)r.ReadUInt32();
                ExitReceived?.Invoke(this);
                return true;
            case "exit-signal":
                {
                    string sig = r.ReadStringUtf8();
                    bool core = r.ReadBoolean();
                    string msg = r.ReadStringUtf8();
                    ExitSignal = new ExitSignal(sig, core, msg);
                    ExitReceived?.Invoke(this);
                    return true;
                }
            default:
                return OnRequest?.Invoke(type, data) ?? false;
        }
    }

    internal async ValueTask OnCloseAsync()
    {
        _receivedClose = true;
        OnEof();
        FailWaiters(new IOException($"channel {LocalId} closed"));
        if (!_sentClose) await SendCloseAsync().ConfigureAwait(false);
        _closed.TrySetResult();
    }

    /// <summary>The connection died: everything pending fails.</summary>
    internal void OnConnectionLost(Exception e)
    {
        ConnectionLostReason ??= e;
        _stdout.Complete(_receivedEof ? null : e);
        _stderr.Complete(_receivedEof ? null : e);
        FailWaiters(e);
        _closed.TrySetResult();
    }

    private void FailWaiters(Exception e)
    {
        TaskCompletionSource? w;
        TaskCompletionSource<bool>[] replies;
        lock (_lock)
        {
            w = _windowWaiter; _windowWaiter = null;
            replies = _pendingReplies.ToArray();
            _pendingReplies.Clear();
        }
        w?.TrySetException(e);
        foreach (var t in replies) t.TrySetResult(false);
    }

    // ---- consumer side ----

    /// <summary>Reads channel data (stdout); 0 at EOF.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        int n = await _stdout.ReadAsync(buffer, ct).ConfigureAwait(false);
        if (n > 0) await ConsumedAsync(n).ConfigureAwait(false);
        return n;
    }

    /// <summary>Completes once stdout (or stderr) has data or has ended: a reader can take a buffer only then.</summary>
    public ValueTask WaitReadableAsync(bool extended, CancellationToken ct = default)
        => (extended ? _stderr : _stdout).WaitAsync(ct);

    /// <summary>Reads extended data (stderr); 0 at EOF.</summary>
    public async ValueTask<int> ReadExtendedAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        int n = await _stderr.ReadAsync(buffer, ct).ConfigureAwait(false);
        if (n > 0) await ConsumedAsync(n).ConfigureAwait(false);
        return n;
    }

    private async ValueTask ConsumedAsync(int n)
    {
        uint adjust;
        // The window's bookkeeping is updated before the adjust is sent, under the lock the reader
        // loop's Accept also takes: data the adjust allows can never arrive before it is counted.
        uint before, after;
        TimeSpan? rtt;
        lock (_lock)
        {
            before = _window.Size;
            adjust = _receivedClose ? 0 : _window.Consumed(n);
            after = _window.Size;
            rtt = _window.Rtt;
        }
        if (adjust == 0) return;
        if (after != before) _connection.Log.Debug2($"channel {LocalId}: window {before} -> {after} (rtt {rtt?.TotalMilliseconds:F1} ms)");
        using var w = new SshWriter(16);
        w.WriteByte(MessageNumbers.ChannelWindowAdjust).WriteUInt32(RemoteId).WriteUInt32(adjust);
        try { await _connection.SendAsync(w.WrittenMemory).ConfigureAwait(false); }
        catch (Exception) when (_receivedClose) { }
    }

    /// <summary>Sends data, waiting for window as needed.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default, bool extended = false)
    {
        while (!data.IsEmpty)
        {
            int chunk;
            while (true)
            {
                Task? wait = null;
                lock (_lock)
                {
                    if (_sentEof || _sentClose || _receivedClose) throw new IOException($"channel {LocalId}: write after close");
                    if (_remoteWindow > 0)
                    {
                        chunk = (int)Math.Min(Math.Min(data.Length, _remoteWindow), RemoteMaxPacket);
                        _remoteWindow -= chunk;
                        break;
                    }
                    _windowWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _windowWaiter.Task;
                }
                await wait.WaitAsync(ct).ConfigureAwait(false);
            }
            using (var w = new SshWriter(chunk + 16))
            {
                w.WriteByte(extended ? MessageNumbers.ChannelExtendedData : MessageNumbers.ChannelData).WriteUInt32(RemoteId);
                if (extended) w.WriteUInt32(1);
                w.WriteString(data.Span[..chunk]);
                await _connection.SendAsync(w.WrittenMemory, ct).ConfigureAwait(false);
            }
            BytesOut += chunk;
            data = data[chunk..];
        }
    }

    /// <summary>Sends a channel request; with wantReply, returns whether the server accepted it.</summary>
    public async Task<bool> RequestAsync(string type, bool wantReply, ReadOnlyMemory<byte> typeSpecificData = default, CancellationToken ct = default)
    {
        TaskCompletionSource<bool>? reply = null;
        using var w = new SshWriter(64 + typeSpecificData.Length);
        w.WriteByte(MessageNumbers.ChannelRequest).WriteUInt32(RemoteId).WriteString(type).WriteBoolean(wantReply).WriteRaw(typeSpecificData.Span);
        // The reply slot is queued under the connection's send order so replies match requests.
        await _connection.SendAsync(w.WrittenMemory, ct, () =>
        {
            if (!wantReply) return;
            reply = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock) _pendingReplies.Enqueue(reply);
        }).ConfigureAwait(false);
        if (reply == null) return true;
        return await reply.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask SendEofAsync()
    {
        lock (_lock)
        {
            if (_sentEof || _sentClose) return;
            _sentEof = true;
        }
        using var w = new SshWriter(8);
        w.WriteByte(MessageNumbers.ChannelEof).WriteUInt32(RemoteId);
        try { await _connection.SendAsync(w.WrittenMemory).ConfigureAwait(false); } catch (IOException) { }
    }

    public async ValueTask SendCloseAsync()
    {
        lock (_lock)
        {
            if (_sentClose) return;
            _sentClose = true;
        }
        using var w = new SshWriter(8);
        w.WriteByte(MessageNumbers.ChannelClose).WriteUInt32(RemoteId);
        try { await _connection.SendAsync(w.WrittenMemory).ConfigureAwait(false); } catch (IOException) { }
        if (_receivedClose) _closed.TrySetResult();
    }

    internal bool FullyClosed => _sentClose && _receivedClose;
}
