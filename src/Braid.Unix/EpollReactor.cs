using System.Collections.Concurrent;

namespace Braid.Unix;

/// <summary>
/// One epoll instance and one background thread per process. Fds are registered one-shot and armed
/// (level-triggered) only for what a waiter needs, when it needs it: a stream that never has to wait
/// costs the reactor nothing. (Edge-triggered registration for everything woke this thread on every
/// write into a busy pipe: ~1.4 wake-ups and context switches per 32 KiB moved through a master.)
/// Every event bumps a per-registration sequence number and completes the waiter, if any. Waiters pass
/// the sequence number they observed before their failed (EAGAIN) attempt; arming is level-triggered,
/// so readiness that arrives between the attempt and the wait still fires.
/// </summary>
internal sealed unsafe class EpollReactor
{
    private static readonly Lazy<EpollReactor> s_shared = new(() => new EpollReactor(), LazyThreadSafetyMode.ExecutionAndPublication);
    internal static EpollReactor Shared => s_shared.Value;

    private static int s_threadsStarted;
    /// <summary>How many reactor threads this process ever started (tests assert it stays 1).</summary>
    internal static int ThreadsStarted => Volatile.Read(ref s_threadsStarted);

    private readonly int _epfd;
    private readonly ConcurrentDictionary<ulong, Registration> _regs = new();
    private long _nextKey;

    private EpollReactor()
    {
        _epfd = Libc.Check(Libc.epoll_create1(Lc.EPOLL_CLOEXEC), "epoll_create1");
        var t = new Thread(Loop) { IsBackground = true, Name = "Braid epoll reactor" };
        Interlocked.Increment(ref s_threadsStarted);
        t.Start();
    }

    internal int RegisteredCount => _regs.Count;

    /// <summary>Registers fd; returns null when epoll refuses it with EPERM (regular files, /dev/null).</summary>
    internal Registration? TryRegister(int fd)
    {
        ulong key = (ulong)Interlocked.Increment(ref _nextKey);
        var reg = new Registration(this, fd, key);
        _regs[key] = reg;
        EpollEvent ev = new() { Events = Lc.EPOLLONESHOT, Data = key };
        if (Libc.epoll_ctl(_epfd, Lc.EPOLL_CTL_ADD, fd, &ev) == -1)
        {
            int e = Libc.LastErrno;
            _regs.TryRemove(key, out _);
            if (e == Errno.EPERM) return null;
            throw new UnixException(e, "epoll_ctl");
        }
        return reg;
    }

    /// <summary>Arms the registration for <paramref name="events"/> (one shot). Called under the registration's lock.</summary>
    internal void Arm(Registration reg, uint events)
    {
        EpollEvent ev = new() { Events = events | Lc.EPOLLONESHOT, Data = reg.Key };
        // ENOENT/EBADF: the fd is being closed; its waiters are failed by Close.
        Libc.epoll_ctl(_epfd, Lc.EPOLL_CTL_MOD, reg.Fd, &ev);
    }

    internal void Unregister(Registration reg)
    {
        // Must run before the fd is closed. ENOENT/EBADF are harmless here.
        Libc.epoll_ctl(_epfd, Lc.EPOLL_CTL_DEL, reg.Fd, null);
        _regs.TryRemove(reg.Key, out _);
    }

    private void Loop()
    {
        const int Max = 256;
        var events = new EpollEvent[Max];
        while (true)
        {
            int n;
            fixed (EpollEvent* p = events) n = Libc.epoll_wait(_epfd, p, Max, -1);
            if (n == -1)
            {
                int e = Libc.LastErrno;
                if (e == Errno.EINTR) continue;
                Environment.FailFast("Braid epoll reactor: epoll_wait: " + Libc.StrError(e));
            }
            for (int i = 0; i < n; i++)
            {
                if (_regs.TryGetValue(events[i].Data, out var reg)) reg.Signal(events[i].Events);
            }
        }
    }

    internal sealed class Registration
    {
        private readonly object _gate = new();
        private readonly EpollReactor _owner;
        private int _readSeq, _writeSeq;
        private TaskCompletionSource? _readWaiter, _writeWaiter;
        private bool _closed;

        internal Registration(EpollReactor owner, int fd, ulong key)
        {
            _owner = owner;
            Fd = fd;
            Key = key;
        }

        internal int Fd { get; }
        internal ulong Key { get; }

        internal int ReadSeq => Volatile.Read(ref _readSeq);
        internal int WriteSeq => Volatile.Read(ref _writeSeq);

        internal void Signal(uint events)
        {
            TaskCompletionSource? r = null, w = null;
            lock (_gate)
            {
                if ((events & (Lc.EPOLLIN | Lc.EPOLLPRI | Lc.EPOLLHUP | Lc.EPOLLRDHUP | Lc.EPOLLERR)) != 0)
                {
                    _readSeq++;
                    r = _readWaiter;
                    _readWaiter = null;
                }
                if ((events & (Lc.EPOLLOUT | Lc.EPOLLHUP | Lc.EPOLLERR)) != 0)
                {
                    _writeSeq++;
                    w = _writeWaiter;
                    _writeWaiter = null;
                }
                // One shot: still-waiting interest (the other direction) must be armed again.
                if (!_closed && Interest() is var again and not 0) _owner.Arm(this, again);
            }
            r?.TrySetResult();
            w?.TrySetResult();
        }

        /// <summary>Completes once the read sequence differs from <paramref name="seenSeq"/>.</summary>
        internal Task WaitReadable(int seenSeq, CancellationToken ct) => Wait(read: true, seenSeq, ct);

        /// <summary>Completes once the write sequence differs from <paramref name="seenSeq"/>.</summary>
        internal Task WaitWritable(int seenSeq, CancellationToken ct) => Wait(read: false, seenSeq, ct);

        private Task Wait(bool read, int seenSeq, CancellationToken ct)
        {
            TaskCompletionSource tcs;
            lock (_gate)
            {
                if (_closed) return Task.FromException(new ObjectDisposedException(nameof(AsyncFd)));
                if ((read ? _readSeq : _writeSeq) != seenSeq) return Task.CompletedTask;
                if ((read ? _readWaiter : _writeWaiter) != null)
                    return Task.FromException(new InvalidOperationException(
                        read ? "Another read is already pending on this fd." : "Another write is already pending on this fd."));
                if (ct.IsCancellationRequested) return Task.FromCanceled(ct);
                tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (read) _readWaiter = tcs; else _writeWaiter = tcs;
                _owner.Arm(this, Interest());
            }
            if (ct.CanBeCanceled)
            {
                var ctr = ct.UnsafeRegister(static (s, token) =>
                {
                    var (reg, t, isRead) = ((Registration, TaskCompletionSource, bool))s!;
                    lock (reg._gate)
                    {
                        if (isRead && ReferenceEquals(reg._readWaiter, t)) reg._readWaiter = null;
                        if (!isRead && ReferenceEquals(reg._writeWaiter, t)) reg._writeWaiter = null;
                    }
                    t.TrySetCanceled(token);
                }, (this, tcs, read));
                tcs.Task.ContinueWith(static (_, s) => ((CancellationTokenRegistration)s!).Dispose(), ctr,
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            return tcs.Task;
        }

        private uint Interest() =>
            (_readWaiter != null ? Lc.EPOLLIN | Lc.EPOLLPRI | Lc.EPOLLRDHUP : 0u) | (_writeWaiter != null ? Lc.EPOLLOUT : 0u);

        /// <summary>Removes the fd from epoll and fails pending waiters with ObjectDisposedException.</summary>
        internal void Close()
        {
            TaskCompletionSource? r, w;
            lock (_gate)
            {
                if (_closed) return;
                _closed = true;
                r = _readWaiter;
                w = _writeWaiter;
                _readWaiter = _writeWaiter = null;
            }
            _owner.Unregister(this);
            r?.TrySetException(new ObjectDisposedException(nameof(AsyncFd)));
            w?.TrySetException(new ObjectDisposedException(nameof(AsyncFd)));
        }
    }
}
