using Braid.Ssh.Channels;

namespace Braid.Mux.Master;

/// <summary>
/// The authenticated connections a master owns, and the one place that decides which connection a new
/// channel goes on. Today it holds one; the pool grows when a server's MaxSessions refuses a session.
/// </summary>
public sealed class ConnectionPool
{
    private readonly List<SshConnection> _connections = new();
    private readonly object _lock = new();

    public ConnectionPool(SshConnection primary) { _connections.Add(primary); }

    public SshConnection Primary { get { lock (_lock) return _connections[0]; } }

    public IReadOnlyList<SshConnection> Connections { get { lock (_lock) return _connections.ToArray(); } }

    /// <summary>Opens a session channel on a connection with room.</summary>
    public Task<SshChannel> OpenSessionAsync(bool tty, CancellationToken ct)
    {
        var c = Primary;
        return c.OpenChannelAsync("session", default,
            tty ? SshConnection.DefaultWindow / 2 : SshConnection.DefaultWindow,
            tty ? SshConnection.DefaultMaxPacket / 2 : SshConnection.DefaultMaxPacket, ct);
    }

    public int OpenChannelCount => Connections.Sum(c => c.OpenChannelCount);
}
