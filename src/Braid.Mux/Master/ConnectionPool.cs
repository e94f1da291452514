using Braid.Ssh;
using Braid.Ssh.Channels;
using Braid.Ssh.Logging;

namespace Braid.Mux.Master;

/// <summary>
/// The authenticated connections a master owns, and the one place that decides which channel a new
/// session gets: a pre-opened spare when there is one (ControlPreopen), else a fresh channel.
/// </summary>
public sealed class ConnectionPool
{
    private readonly List<SshConnection> _connections = new();
    private readonly object _lock = new();
    private readonly Queue<SshChannel> _spares = new();
    private int _preopen, _opening;
    // The server refused a spare (its MaxSessions is reached): no new spare until a channel closes.
    private bool _refused;
    private SshLog _log = SshLog.Silent;

    public ConnectionPool(SshConnection primary) { _connections.Add(primary); }

    public SshConnection Primary { get { lock (_lock) return _connections[0]; } }

    public IReadOnlyList<SshConnection> Connections { get { lock (_lock) return _connections.ToArray(); } }

    /// <summary>Idle pre-opened session channels waiting for a passenger.</summary>
    public int SpareCount { get { lock (_lock) return _spares.Count; } }

    /// <summary>Channels in use: spares are not activity (they must not keep ControlPersist alive).</summary>
    public int OpenChannelCount => Connections.Sum(c => c.OpenChannelCount) - SpareCount;

    /// <summary>
    /// ControlPreopen: keep this many idle session channels open ahead of need, so a passenger costs only
    /// its exec round trip. They count against the server's MaxSessions; a refused spare is given up.
    /// </summary>
    public void EnablePreopen(int count, SshLog log)
    {
        _log = log;
        lock (_lock) _preopen = count;
        Primary.ChannelRemoved += _ =>
        {
            lock (_lock) _refused = false;
            Replenish();
        };
        Replenish();
    }

    /// <summary>A session channel: a spare if one is ready, else a new one.</summary>
    public async Task<SshChannel> OpenSessionAsync(bool tty, CancellationToken ct)
    {
        if (TakeSpare() is { } spare)
        {
            Replenish();
            return spare;
        }
        return await Primary.OpenChannelAsync("session", default,
            tty ? SshConnection.DefaultWindow / 2 : SshConnection.DefaultWindow,
            tty ? SshConnection.DefaultMaxPacket / 2 : SshConnection.DefaultMaxPacket, ct).ConfigureAwait(false);
    }

    /// <summary>Spares, for `-O channels`.</summary>
    public IReadOnlyList<SshChannel> Spares { get { lock (_lock) return _spares.ToArray(); } }

    private SshChannel? TakeSpare()
    {
        lock (_lock)
        {
            while (_spares.Count > 0)
            {
                var ch = _spares.Dequeue();
                if (Usable(ch)) return ch;
            }
            return null;
        }
    }

    // A spare the server closed (its ChannelTimeout) or ended is no good to a passenger.
    private static bool Usable(SshChannel ch) => !ch.Closed.IsCompleted && !ch.ReceivedEof;

    private void Replenish()
    {
        int need;
        lock (_lock)
        {
            // Spares the server closed (e.g. its ChannelTimeout) are dropped before counting.
            for (int i = _spares.Count; i > 0; i--)
            {
                var ch = _spares.Dequeue();
                if (Usable(ch)) _spares.Enqueue(ch);
            }
            need = _preopen - _spares.Count - _opening;
            if (need <= 0 || _refused) return;
            _opening += need;
        }
        for (int i = 0; i < need; i++) _ = OpenSpareAsync();
    }

    private async Task OpenSpareAsync()
    {
        try
        {
            var ch = await Primary.OpenChannelAsync("session", default, SshConnection.DefaultWindow, SshConnection.DefaultMaxPacket,
                CancellationToken.None).ConfigureAwait(false);
            lock (_lock) _spares.Enqueue(ch);
            _log.Debug($"channel {ch.LocalId}: pre-opened session ready");
        }
        catch (ChannelOpenFailedException e)
        {
            lock (_lock) _refused = true;
            _log.Debug($"pre-opened session refused ({e.Message}); none until a channel closes");
        }
        catch (Exception e) when (e is SshException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            lock (_lock) _refused = true; // the connection is going away
        }
        finally
        {
            lock (_lock) _opening--;
        }
    }
}
