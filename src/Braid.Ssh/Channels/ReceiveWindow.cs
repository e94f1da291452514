namespace Braid.Ssh.Channels;

/// <summary>
/// Flow control for the data we receive on one channel: how much the server may still send, and when
/// and by how much to re-open the window as the consumer takes bytes out of the receive queue.
///
/// The window starts at the size the channel was opened with and grows with the measured
/// bandwidth-delay product, as HPN-SSH does, so one channel can fill a long fat pipe (a fixed 2 MiB
/// window caps a 100 ms link at 21 MB/s). Growth needs both measurements:
/// <list type="bullet">
/// <item>the round-trip time: from opening the channel until the server confirms it, and from sending
/// an adjust until data the server could only send after that adjust arrives (data beyond the limit
/// in force when the adjust was sent); the minimum over samples;</item>
/// <item>the rate the consumer takes bytes out of the queue, over intervals of at least one RTT (and
/// at least 10 ms, so that on short links one burst of reads does not pass for a rate) from the
/// first data on.</item>
/// </list>
/// A stream held back by the window moves ¾ to 1 window per RTT. When the consumer took at least a
/// quarter of the window per minimum RTT (or half of it before one RTT has passed), the window is
/// taken to be what limits the stream (not the reader, not the network) and doubles, like TCP's slow
/// start, up to <see cref="DefaultMax"/>. A quarter rather than a half keeps the window growing when
/// queueing or a busy machine stretches the RTT to about three times its minimum. A stream limited
/// elsewhere at R bytes/s ends with a window of 4 to 8 × R × RTT.
///
/// The window is only re-opened for bytes the consumer actually took, so buffered-but-unread data
/// never exceeds the advertised window: a slow reader consumes little per RTT and the window stays
/// where it is. Sessions that do not stream keep their initial window. It never shrinks.
/// Not thread-safe: the channel calls it under its lock.
/// </summary>
internal sealed class ReceiveWindow
{
    /// <summary>Largest window auto-tuning grows to: 32 MiB fills 100 ms at 250 MB/s even with ¼ of it unacknowledged.</summary>
    public const uint DefaultMax = 32 * 1024 * 1024;

    private readonly TimeProvider _clock;
    private readonly uint _max;
    private readonly long _createdAt;
    private uint _left;           // bytes the server may still send
    private uint _unacked;        // taken by the consumer, not yet granted back
    private long _received;       // bytes accepted since the channel opened
    private long _probeLimit = -1; // the limit in force when the probing adjust was sent; -1 = no probe out
    private long _probeSentAt;
    private long _rtt = -1;        // minimum RTT sample, in clock ticks; -1 = none yet
    private long _epochStart = -1; // start of the current rate measurement; -1 = no data yet
    private long _epochConsumed;

    public ReceiveWindow(uint initial, uint max = DefaultMax, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        Size = initial;
        _max = Math.Max(initial, max);
        _left = initial;
        _createdAt = _clock.GetTimestamp();
    }

    /// <summary>The window currently advertised: unread + not yet granted back + what the server may still send.</summary>
    public uint Size { get; private set; }
    public uint Left => _left;
    /// <summary>The smallest round-trip time measured so far, if any.</summary>
    public TimeSpan? Rtt => _rtt < 0 ? null : TimeSpan.FromSeconds((double)_rtt / _clock.TimestampFrequency);

    /// <summary>The server confirmed the channel we opened (right after this window was created): one RTT sample.</summary>
    public void OpenConfirmed() => AddRttSample(_clock.GetTimestamp() - _createdAt);

    private void AddRttSample(long sample) => _rtt = _rtt < 0 ? sample : Math.Min(_rtt, sample);

    /// <summary>Data arrived: returns how many of <paramref name="length"/> bytes fit the window (the rest is a protocol violation, dropped).</summary>
    public int Accept(int length)
    {
        int n = (int)Math.Min((uint)length, _left);
        _left -= (uint)n;
        _received += n;
        if (_epochStart < 0 && n > 0) _epochStart = _clock.GetTimestamp();
        if (_probeLimit >= 0 && _received > _probeLimit)
        {
            AddRttSample(_clock.GetTimestamp() - _probeSentAt);
            _probeLimit = -1;
        }
        return n;
    }

    /// <summary>The consumer took <paramref name="length"/> bytes out of the queue: returns the window adjust to send now, or 0.</summary>
    public uint Consumed(int length)
    {
        _unacked += (uint)length;
        _epochConsumed += length;
        // Re-open once a quarter of the window has been consumed: few adjust messages, and at least
        // three quarters of the window stay usable in flight, so a window-limited stream moves close
        // to a whole window per RTT (which is what the growth rule measures). Half, as OpenSSH does,
        // leaves a paced sender idle for up to half of every RTT.
        if (_unacked < Size / 4) return 0;
        long now = _clock.GetTimestamp();
        uint grow = Growth(now);
        uint adjust = _unacked + grow;
        if (_probeLimit < 0)
        {
            _probeLimit = _received + _left;
            _probeSentAt = now;
        }
        Size += grow;
        _left += adjust;
        _unacked = 0;
        return adjust;
    }

    private uint Growth(long now)
    {
        if (_rtt < 0 || _epochStart < 0) return 0;
        long elapsed = now - _epochStart, floor = _clock.TimestampFrequency / 100;
        bool grow;
        if (elapsed >= Math.Max(_rtt, floor))
            grow = _epochConsumed * (double)_rtt / elapsed >= Size / 4.0;
        else if (_rtt >= floor && _epochConsumed >= Size / 2)
            grow = true;   // half the window taken in less than one RTT: no need to wait for the RTT to end
        else
            return 0;      // keep measuring
        _epochStart = now;
        _epochConsumed = 0;
        return grow ? Math.Min(Size, _max - Size) : 0;
    }
}
