using Braid.Mux.Protocol;
using Braid.Ssh.Forwarding;

namespace Braid.Mux.Master;

/// <summary>
/// The master's forwards (OPEN_FWD / CLOSE_FWD, reference §5.5). Validation happens before this is
/// reached. Local forwards are bound by the master with its own GatewayPorts; remote forwards are asked
/// of the server and answered when it replies. Forwards outlive the control connection that asked for
/// them, until CLOSE_FWD or the master's end.
/// </summary>
public sealed class ForwardManager : IAsyncDisposable
{
    private readonly MuxMaster _master;
    private readonly object _lock = new();
    private readonly List<Active> _active = new();

    /// <summary>One open forward, keyed by the request's fields exactly as they came (OpenSSH compares field by field).</summary>
    private sealed record Active(uint ForwardType, string ListenHost, uint ListenPort, string ConnectHost, uint ConnectPort)
    {
        public IAsyncDisposable? Local { get; init; }
        public int AllocatedPort { get; init; }
    }

    public ForwardManager(MuxMaster master) { _master = master; }

    /// <summary>How the master binds listeners (its GatewayPorts and StreamLocalBind* options); set by the CLI.</summary>
    public ListenOptions ListenOptions { get; set; } = new();

    public int Count { get { lock (_lock) return _active.Count; } }

    /// <summary>Takes over a forward the master set up itself (its command line or ssh_config), so that
    /// `-O cancel` and duplicate `-O forward` requests find it as they do on OpenSSH's master.</summary>
    public void Adopt(ForwardRequest fields, IAsyncDisposable? listener, int allocatedPort)
    {
        var key = new Active(fields.ForwardType, fields.ListenHost, fields.ListenPort, fields.ConnectHost, fields.ConnectPort)
        {
            Local = listener,
            AllocatedPort = allocatedPort,
        };
        lock (_lock) _active.Add(key);
    }

    public async Task<byte[]> HandleAsync(ForwardRequest req, Func<string, bool> confirm, CancellationToken ct)
    {
        var key = new Active(req.ForwardType, req.ListenHost, req.ListenPort, req.ConnectHost, req.ConnectPort);
        return req.Type == MuxMessageType.CloseForward
            ? await CloseAsync(req.RequestId, key, ct).ConfigureAwait(false)
            : await OpenAsync(req.RequestId, key, confirm, ct).ConfigureAwait(false);
    }

    private async Task<byte[]> OpenAsync(uint rid, Active key, Func<string, bool> confirm, CancellationToken ct)
    {
        Active? existing;
        lock (_lock) existing = _active.FirstOrDefault(a => SameFields(a, key));
        if (existing != null)
        {
            // A duplicate is not an error; a port-0 remote forward gets the port it already has.
            _master.Log.Debug($"forward already open: {Describe(key)}");
            return key.ForwardType == MuxMessageType.ForwardRemote && key.ListenPort == 0
                ? MuxReplies.RemotePort(rid, (uint)existing.AllocatedPort)
                : MuxReplies.Ok(rid);
        }
        if (!confirm($"Open {Describe(key)} on {_master.Options.HostName}?"))
            return MuxReplies.PermissionDenied(rid, "Permission denied");
        var listen = Listen(key);
        var target = Connect(key);
        switch (key.ForwardType)
        {
            case MuxMessageType.ForwardLocal:
                try
                {
                    var pool = _master.Pool;
                    var local = LocalForwarder.Start(() => pool.Primary, listen, target, ListenOptions, _master.Log);
                    lock (_lock) _active.Add(key with { Local = local });
                    return MuxReplies.Ok(rid);
                }
                catch (ForwardBindException e)
                {
                    _master.Log.Error(e.Message);
                    return MuxReplies.Failure(rid, "Port forwarding failed");
                }
            case MuxMessageType.ForwardDynamic:
                try
                {
                    var pool = _master.Pool;
                    var dynamic = DynamicForwarder.Start(() => pool.Primary, listen, ListenOptions, _master.Log);
                    lock (_lock) _active.Add(key with { Local = dynamic });
                    return MuxReplies.Ok(rid);
                }
                catch (ForwardBindException e)
                {
                    _master.Log.Error(e.Message);
                    return MuxReplies.Failure(rid, "Port forwarding failed");
                }
            case MuxMessageType.ForwardRemote:
                {
                    int? port;
                    try { port = await RemoteForwarder.For(_master.Pool.Primary, _master.Log).RequestAsync(listen, target, ct).ConfigureAwait(false); }
                    catch (IOException) { return MuxReplies.Failure(rid, "Port forwarding failed"); }
                    if (port == null)
                        return MuxReplies.Failure(rid, listen.Path != null
                            ? $"remote port forwarding failed for listen path {listen.Path}"
                            : $"remote port forwarding failed for listen port {listen.Port}");
                    lock (_lock) _active.Add(key with { AllocatedPort = port.Value });
                    return key.ListenPort == 0 && listen.Path == null ? MuxReplies.RemotePort(rid, (uint)port.Value) : MuxReplies.Ok(rid);
                }
            default:
                return MuxReplies.Failure(rid, "Port forwarding failed");
        }
    }

    private async Task<byte[]> CloseAsync(uint rid, Active key, CancellationToken ct)
    {
        Active? found;
        lock (_lock)
        {
            found = _active.FirstOrDefault(a => SameFields(a, key));
            if (found != null) _active.Remove(found);
        }
        if (found == null) return MuxReplies.Failure(rid, "port not forwarded");
        if (found.Local != null) await found.Local.DisposeAsync().ConfigureAwait(false);
        if (found.ForwardType == MuxMessageType.ForwardRemote)
        {
            bool ok;
            try { ok = await RemoteForwarder.For(_master.Pool.Primary, _master.Log).CancelAsync(Listen(found), found.AllocatedPort, ct).ConfigureAwait(false); }
            catch (IOException) { ok = false; }
            if (!ok) return MuxReplies.Failure(rid, "port not found");
        }
        return MuxReplies.Ok(rid);
    }

    private static bool SameFields(Active a, Active b) =>
        a.ForwardType == b.ForwardType && a.ListenHost == b.ListenHost && a.ListenPort == b.ListenPort
        && a.ConnectHost == b.ConnectHost && a.ConnectPort == b.ConnectPort;

    /// <summary>On the master an empty host means "not set" (loopback unless GatewayPorts); "*" means every address.</summary>
    private static ForwardEndpoint Listen(Active a) => a.ListenPort == MuxMessageType.PortStreamLocal
        ? ForwardEndpoint.Unix(a.ListenHost)
        : ForwardEndpoint.Tcp(a.ListenHost.Length == 0 ? null : a.ListenHost, (int)a.ListenPort);

    private static ForwardEndpoint Connect(Active a) => a.ConnectPort == MuxMessageType.PortStreamLocal
        ? ForwardEndpoint.Unix(a.ConnectHost)
        : ForwardEndpoint.Tcp(a.ConnectHost, (int)a.ConnectPort);

    /// <summary>OpenSSH's format_forward(), for the ask prompt and the log.</summary>
    private string Describe(Active a)
    {
        string Side(string host, uint port, bool listen) => port == MuxMessageType.PortStreamLocal ? host
            : $"{(host.Length == 0 && listen ? (ListenOptions.GatewayPorts ? "*" : "LOCALHOST") : host)}:{port}";
        return a.ForwardType switch
        {
            MuxMessageType.ForwardLocal => $"local forward {Side(a.ListenHost, a.ListenPort, true)} -> {Side(a.ConnectHost, a.ConnectPort, false)}",
            MuxMessageType.ForwardDynamic => $"dynamic forward {Side(a.ListenHost, a.ListenPort, true)} -> *",
            _ => $"remote forward {Side(a.ListenHost, a.ListenPort, true)} -> {Side(a.ConnectHost, a.ConnectPort, false)}",
        };
    }

    /// <summary>The master is ending: close every local and dynamic listener (and remove Unix socket files).</summary>
    public async ValueTask DisposeAsync()
    {
        Active[] all;
        lock (_lock) { all = _active.ToArray(); _active.Clear(); }
        foreach (var a in all)
            if (a.Local != null) await a.Local.DisposeAsync().ConfigureAwait(false);
    }
}
