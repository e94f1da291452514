using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Braid.Ssh.Channels;
using Braid.Ssh.Logging;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Forwarding;

/// <summary>
/// Remote forwards (-R) on one connection: asks the server to listen (tcpip-forward /
/// streamlocal-forward@openssh.com) and connects the forwarded-tcpip / forwarded-streamlocal channels
/// the server then opens to their local targets. One instance per connection, since it owns
/// <see cref="SshConnection.OnChannelOpen"/>.
/// </summary>
public sealed class RemoteForwarder
{
    private static readonly ConditionalWeakTable<SshConnection, RemoteForwarder> Instances = new();

    /// <summary>A requested forward. BoundPort is -1 until the server has allocated a port-0 forward's port.</summary>
    private sealed class Entry(ForwardEndpoint listen, int boundPort, ForwardEndpoint target)
    {
        public ForwardEndpoint Listen { get; } = listen;
        public int BoundPort { get; set; } = boundPort;
        public ForwardEndpoint Target { get; } = target;
        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly SshConnection _connection;
    private readonly SshLog _log;
    private readonly object _lock = new();
    private readonly List<Entry> _entries = new();

    private RemoteForwarder(SshConnection connection, SshLog log)
    {
        _connection = connection;
        _log = log;
        var previous = connection.OnChannelOpen;
        connection.OnChannelOpen = (req, create) => OnOpenAsync(req, create, previous);
    }

    /// <summary>PermitRemoteOpen for remote dynamic forwards on this connection.</summary>
    public RemoteOpenPolicy RemoteOpen { get; set; } = RemoteOpenPolicy.Any;

    public static RemoteForwarder For(SshConnection connection, SshLog log) => Instances.GetValue(connection, c => new RemoteForwarder(c, log));

    /// <summary>Asks the server to listen. Returns null when it refused, else the bound port (the allocated one for port 0; 0 for paths).</summary>
    public async Task<int?> RequestAsync(ForwardEndpoint listen, ForwardEndpoint target, CancellationToken ct)
    {
        using var w = new SshWriter(128);
        string name;
        if (listen.Path is { } path) { name = "streamlocal-forward@openssh.com"; w.WriteString(path); }
        else { name = "tcpip-forward"; w.WriteString(WireBindHost(listen.Host)).WriteUInt32((uint)listen.Port); }
        // Registered before asking: the server may open a channel for it as soon as it has replied,
        // and the reader loop dispatches that open before our continuation below runs.
        var entry = new Entry(listen, listen.Path == null ? (listen.Port == 0 ? -1 : listen.Port) : 0, target);
        lock (_lock) _entries.Add(entry);
        try
        {
            var (ok, data) = await _connection.GlobalRequestAsync(name, true, w.ToArray(), ct).ConfigureAwait(false);
            if (!ok || (entry.BoundPort == -1 && data.Length < 4))
            {
                lock (_lock) _entries.Remove(entry);
                return null;
            }
            if (entry.BoundPort == -1) entry.BoundPort = (int)new SshReader(data).ReadUInt32();
            return entry.BoundPort;
        }
        catch
        {
            lock (_lock) _entries.Remove(entry);
            throw;
        }
        finally
        {
            entry.Ready.TrySetResult();
        }
    }

    /// <summary>Cancels a forward by its listen side (for port 0, the allocated port). False if the server refused.</summary>
    public async Task<bool> CancelAsync(ForwardEndpoint listen, int boundPort, CancellationToken ct)
    {
        lock (_lock) _entries.RemoveAll(e => e.Listen == listen);
        using var w = new SshWriter(128);
        string name;
        if (listen.Path is { } path) { name = "cancel-streamlocal-forward@openssh.com"; w.WriteString(path); }
        else { name = "cancel-tcpip-forward"; w.WriteString(WireBindHost(listen.Host)).WriteUInt32((uint)boundPort); }
        var (ok, _) = await _connection.GlobalRequestAsync(name, true, w.ToArray(), ct).ConfigureAwait(false);
        return ok;
    }

    /// <summary>OpenSSH's mapping to the wire: no bind host = "localhost"; "" or "*" = every address ("").</summary>
    private static string WireBindHost(string? host) => host switch { null => "localhost", "" or "*" => "", _ => host };

    private async Task<bool> OnOpenAsync(IncomingChannelRequest req, Func<SshChannel> create,
        Func<IncomingChannelRequest, Func<SshChannel>, Task<bool>>? previous)
    {
        Entry? match = req.ChannelType switch
        {
            "forwarded-tcpip" => await FindTcpAsync(req.TypeSpecificData).ConfigureAwait(false),
            "forwarded-streamlocal@openssh.com" => FindUnix(req.TypeSpecificData),
            _ => null,
        };
        if (match == null)
        {
            if (previous != null) return await previous(req, create).ConfigureAwait(false);
            if (req.ChannelType.StartsWith("forwarded-", StringComparison.Ordinal))
                _log.Error($"WARNING: Server requests forwarding for unknown listen_port");
            return false;
        }
        var ch = create();
        _ = ConnectAndPumpAsync(ch, match.Target, req.Answered.Task);
        return true;
    }

    private async Task<Entry?> FindTcpAsync(byte[] data)
    {
        var r = new SshReader(data);
        string host = r.ReadStringUtf8();
        int port = (int)r.ReadUInt32();
        var match = FindTcp(host, port, out var pending);
        if (match != null || pending.Length == 0) return match;
        // A port-0 forward whose reply the reader loop has just handed over: its port is set within moments.
        // (Bounded, since this holds up the reader loop, in case the open is for none of them.)
        await Task.WhenAny(Task.WhenAll(pending), Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        return FindTcp(host, port, out _);
    }

    private Entry? FindTcp(string host, int port, out Task[] pending)
    {
        lock (_lock)
        {
            pending = _entries.Where(e => e.BoundPort == -1).Select(e => e.Ready.Task).ToArray();
            var byPort = _entries.Where(e => e.Listen.Path == null && e.BoundPort == port).ToList();
            return byPort.FirstOrDefault(e => WireBindHost(e.Listen.Host) == host) ?? byPort.FirstOrDefault();
        }
    }

    private Entry? FindUnix(byte[] data)
    {
        string path = new SshReader(data).ReadStringUtf8();
        lock (_lock) return _entries.FirstOrDefault(e => e.Listen.Path == path);
    }

    private async Task ConnectAndPumpAsync(SshChannel ch, ForwardEndpoint target, Task confirmed)
    {
        // Nothing may be sent on the channel before its confirmation is queued (the server would drop it).
        await Task.WhenAny(confirmed, _connection.Completion).ConfigureAwait(false);
        if (!confirmed.IsCompleted) return;
        if (target.IsSocks)
        {
            await RemoteDynamic.ServeAsync(ch, _log, RemoteOpen).ConfigureAwait(false);
            return;
        }
        Socket s;
        try
        {
            s = await ConnectAsync(target).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            _log.Error($"connect_to {target}: {e.Message}");
            await ch.SendCloseAsync().ConfigureAwait(false);
            return;
        }
        await ChannelPump.RunAsync(s, ch).ConfigureAwait(false);
    }

    /// <summary>Connects to a forward's local target (TCP host:port or Unix path).</summary>
    public static async Task<Socket> ConnectAsync(ForwardEndpoint target)
    {
        if (target.Path is { } path)
        {
            var u = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try { await u.ConnectAsync(new UnixDomainSocketEndPoint(path)).ConfigureAwait(false); }
            catch { u.Dispose(); throw; }
            return u;
        }
        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try { await s.ConnectAsync(target.Host ?? "localhost", target.Port).ConfigureAwait(false); }
        catch { s.Dispose(); throw; }
        s.NoDelay = true;
        return s;
    }
}
