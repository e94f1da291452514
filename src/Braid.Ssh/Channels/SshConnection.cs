using Braid.Ssh.Logging;
using Braid.Ssh.Transport;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Channels;

/// <summary>A channel the server wants to open (forwarded-tcpip, auth-agent@openssh.com, …).</summary>
public sealed class IncomingChannelRequest
{
    public required string ChannelType { get; init; }
    public required uint SenderChannel { get; init; }
    public required uint InitialWindow { get; init; }
    public required uint MaxPacket { get; init; }
    public required byte[] TypeSpecificData { get; init; }
    /// <summary>Completes once the confirmation (or failure) has been queued: data sent on the channel before it would be dropped by the server.</summary>
    public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// The SSH connection protocol (RFC 4254) on an authenticated transport: the channel table, global
/// requests, keepalives, and the single reader loop that dispatches everything the server sends.
/// </summary>
public sealed class SshConnection : IAsyncDisposable
{
    public const uint DefaultWindow = 2 * 1024 * 1024;   // OpenSSH CHAN_SES_WINDOW_DEFAULT
    public const uint DefaultMaxPacket = 32 * 1024;      // OpenSSH CHAN_SES_PACKET_DEFAULT

    private readonly object _lock = new();
    private readonly Dictionary<uint, SshChannel> _channels = new();
    private readonly Dictionary<uint, TaskCompletionSource<bool>> _pendingOpens = new();
    private readonly Queue<TaskCompletionSource<(bool, byte[])>> _pendingGlobal = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private uint _nextId;
    private Task? _loop;
    private int _missedKeepalives;
    private DateTime _lastReceive = DateTime.UtcNow;
    private Timer? _keepaliveTimer;

    public IPacketTransport Transport { get; }
    /// <summary>The encrypted transport, when this connection has one (not in proxy mode).</summary>
    public SshTransport? SshTransport => Transport as SshTransport;
    public SshLog Log { get; }
    /// <summary>Completes when the connection ends; faults with the reason if it died.</summary>
    public Task Completion => _completion.Task;
    public int OpenChannelCount { get { lock (_lock) return _channels.Count + _relayed.Count; } }
    public DateTime LastActivity { get; private set; } = DateTime.UtcNow;
    /// <summary>"local -> remote" addresses of the TCP connection, when known.</summary>
    public string? EndpointDescription { get; set; }

    /// <summary>Decides what to do with a channel the server opens; return null to refuse.</summary>
    public Func<IncomingChannelRequest, Func<SshChannel>, Task<bool>>? OnChannelOpen { get; set; }
    /// <summary>Handles a global request from the server (name, request-specific data) on the reader loop, so it
    /// must not block; returns whether it succeeded. Unset or false: REQUEST_FAILURE when a reply is wanted.</summary>
    public Func<string, ReadOnlyMemory<byte>, bool>? OnGlobalRequest { get; set; }
    /// <summary>Raised for CHANNEL_OPEN_FAILURE reasons and other things worth logging.</summary>
    public event Action<SshChannel>? ChannelRemoved;

    public SshConnection(IPacketTransport transport, SshLog log)
    {
        Transport = transport;
        Log = log;
    }

    /// <summary>Starts the reader loop (and keepalives when interval > 0).</summary>
    public void Start(TimeSpan serverAliveInterval = default, int serverAliveCountMax = 3)
    {
        _loop = Task.Run(ReadLoopAsync);
        if (serverAliveInterval > TimeSpan.Zero)
            _keepaliveTimer = new Timer(_ => _ = KeepaliveTickAsync(serverAliveInterval, serverAliveCountMax), null, serverAliveInterval, serverAliveInterval);
    }

    internal ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default, Action? onQueued = null)
    {
        LastActivity = DateTime.UtcNow;
        return Transport.SendAsync(payload, ct, onQueued);
    }

    private async Task KeepaliveTickAsync(TimeSpan interval, int countMax)
    {
        if (_completion.Task.IsCompleted) return;
        if (DateTime.UtcNow - _lastReceive < interval - TimeSpan.FromMilliseconds(50)) { _missedKeepalives = 0; return; }
        if (++_missedKeepalives > countMax)
        {
            Fail(new SshException($"Timeout, server {Transport.PeerHost} not responding."));
            await Transport.DisposeAsync().ConfigureAwait(false);
            return;
        }
        try { await GlobalRequestAsync("keepalive@openssh.com", true, default, CancellationToken.None).ConfigureAwait(false); }
        catch (Exception) { }
    }

    private uint AllocateId()
    {
        lock (_lock)
        {
            while (_channels.ContainsKey(_nextId) || _pendingOpens.ContainsKey(_nextId) || _relayed.ContainsKey(_nextId)) _nextId++;
            return _nextId++;
        }
    }

    /// <summary>A channel driven by someone else through this connection (mux proxy mode).</summary>
    private sealed class RelayedChannel
    {
        public required IChannelRelay Relay;
        public required uint DownstreamId;
        public uint? ServerId;
        public bool DownstreamClosed, ServerClosed;
    }

    private readonly Dictionary<uint, RelayedChannel> _relayed = new();

    /// <summary>Reserves a local channel id for a relayed channel; the caller sends the CHANNEL_OPEN with it.</summary>
    public uint RegisterRelayedChannel(IChannelRelay relay, uint downstreamId)
    {
        uint id = AllocateId();
        lock (_lock) _relayed[id] = new RelayedChannel { Relay = relay, DownstreamId = downstreamId };
        return id;
    }

    /// <summary>The relay sent (or, when it went away, we sent on its behalf) CHANNEL_CLOSE for the server's channel.</summary>
    public void RelayedChannelClosedByDownstream(uint serverId)
    {
        lock (_lock)
        {
            foreach (var (id, r) in _relayed)
            {
                if (r.ServerId != serverId) continue;
                r.DownstreamClosed = true;
                if (r.ServerClosed) _relayed.Remove(id);
                return;
            }
        }
    }

    /// <summary>The relay is gone: close its channels at the server; later messages for them are dropped.</summary>
    public async Task ReleaseRelayAsync(IChannelRelay relay)
    {
        List<uint> toClose = new();
        lock (_lock)
        {
            foreach (var (id, r) in _relayed.ToArray())
            {
                if (r.Relay != relay) continue;
                r.Relay = NullRelay.Instance;
                if (r.ServerId is uint sid && !r.DownstreamClosed) toClose.Add(sid);
                r.DownstreamClosed = true;
                if (r.ServerClosed) _relayed.Remove(id);
            }
        }
        foreach (var sid in toClose)
        {
            using var w = new SshWriter(8);
            w.WriteByte(MessageNumbers.ChannelClose).WriteUInt32(sid);
            try { await SendAsync(w.WrittenMemory).ConfigureAwait(false); } catch (Exception) { }
        }
    }

    /// <summary>Sends a message from a relay as it is (its recipient ids already name the server's channels).</summary>
    public ValueTask SendRelayedAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default) => SendAsync(payload, ct);

    private sealed class NullRelay : IChannelRelay
    {
        public static readonly NullRelay Instance = new();
        public void Deliver(byte[] payload) { }
    }

    /// <summary>Routes a server message for a relayed channel; true if it was one.</summary>
    private async ValueTask<bool> TryRelayAsync(byte type, ReadOnlyMemory<byte> payload)
    {
        if (type < MessageNumbers.ChannelOpenConfirmation || type > MessageNumbers.ChannelFailure || payload.Length < 5) return false;
        uint id = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(payload.Span[1..]);
        RelayedChannel? r;
        bool closeNow = false;
        lock (_lock)
        {
            if (!_relayed.TryGetValue(id, out r)) return false;
            if (type == MessageNumbers.ChannelOpenConfirmation && payload.Length >= 9)
            {
                r.ServerId = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(payload.Span[5..]);
                closeNow = r.DownstreamClosed; // its owner left while the open was pending
            }
            if (type == MessageNumbers.ChannelOpenFailure) _relayed.Remove(id);
            if (type == MessageNumbers.ChannelClose)
            {
                r.ServerClosed = true;
                if (r.DownstreamClosed) _relayed.Remove(id);
            }
        }
        if (closeNow)
        {
            using var w = new SshWriter(8);
            w.WriteByte(MessageNumbers.ChannelClose).WriteUInt32(r.ServerId!.Value);
            await SendAsync(w.WrittenMemory).ConfigureAwait(false);
            return true;
        }
        var copy = payload.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(1), r.DownstreamId);
        r.Relay.Deliver(copy);
        return true;
    }

    /// <summary>Opens a channel; throws <see cref="ChannelOpenFailedException"/> when the server refuses.</summary>
    public async Task<SshChannel> OpenChannelAsync(string type, ReadOnlyMemory<byte> typeSpecificData = default,
        uint window = DefaultWindow, uint maxPacket = DefaultMaxPacket, CancellationToken ct = default)
    {
        uint id = AllocateId();
        var ch = new SshChannel(this, id, type, window, maxPacket);
        var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_completion.Task.IsCompleted) throw new IOException("connection closed");
            _channels[id] = ch;
            _pendingOpens[id] = tcs;
        }
        using (var w = new SshWriter(64 + typeSpecificData.Length))
        {
            w.WriteByte(MessageNumbers.ChannelOpen).WriteString(type).WriteUInt32(id).WriteUInt32(window).WriteUInt32(maxPacket).WriteRaw(typeSpecificData.Span);
            await SendAsync(w.WrittenMemory, ct).ConfigureAwait(false);
        }
        try
        {
            await tcs.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            lock (_lock) { _channels.Remove(id); _pendingOpens.Remove(id); }
            throw;
        }
        return ch;
    }

    public Task<SshChannel> OpenSessionAsync(CancellationToken ct = default) => OpenChannelAsync("session", default, DefaultWindow, DefaultMaxPacket, ct);

    /// <summary>Sends a global request; with wantReply returns (success, response data).</summary>
    public async Task<(bool Success, byte[] Data)> GlobalRequestAsync(string name, bool wantReply, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        TaskCompletionSource<(bool, byte[])>? tcs = null;
        using var w = new SshWriter(64 + data.Length);
        w.WriteByte(MessageNumbers.GlobalRequest).WriteString(name).WriteBoolean(wantReply).WriteRaw(data.Span);
        await SendAsync(w.WrittenMemory, ct, () =>
        {
            if (!wantReply) return;
            tcs = new TaskCompletionSource<(bool, byte[])>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock) _pendingGlobal.Enqueue(tcs);
        }).ConfigureAwait(false);
        if (tcs == null) return (true, []);
        return await tcs.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var payload = await Transport.ReceiveAsync().ConfigureAwait(false);
                _lastReceive = DateTime.UtcNow;
                _missedKeepalives = 0;
                await DispatchAsync(payload).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private SshChannel GetChannel(uint id)
    {
        lock (_lock)
        {
            if (_channels.TryGetValue(id, out var ch)) return ch;
        }
        throw new SshProtocolException($"channel message for unknown channel {id}");
    }

    private async ValueTask DispatchAsync(ReadOnlyMemory<byte> payload)
    {
        byte type = payload.Span[0];
        if (_relayed.Count > 0 && await TryRelayAsync(type, payload).ConfigureAwait(false)) return;
        var r = new SshReader(payload.Span[1..]);
        switch (type)
        {
            case MessageNumbers.ChannelData:
                {
                    var ch = GetChannel(r.ReadUInt32());
                    ch.OnData(r.ReadString(), extended: false);
                    break;
                }
            case MessageNumbers.ChannelExtendedData:
                {
                    var ch = GetChannel(r.ReadUInt32());
                    uint code = r.ReadUInt32();
                    var data = r.ReadString();
                    if (code == 1) ch.OnData(data, extended: true);
                    break;
                }
            case MessageNumbers.ChannelWindowAdjust:
                {
                    var ch = GetChannel(r.ReadUInt32());
                    ch.OnWindowAdjust(r.ReadUInt32());
                    break;
                }
            case MessageNumbers.ChannelEof:
                GetChannel(r.ReadUInt32()).OnEof();
                break;
            case MessageNumbers.ChannelClose:
                {
                    var ch = GetChannel(r.ReadUInt32());
                    await ch.OnCloseAsync().ConfigureAwait(false);
                    lock (_lock) _channels.Remove(ch.LocalId);
                    ChannelRemoved?.Invoke(ch);
                    break;
                }
            case MessageNumbers.ChannelRequest:
                {
                    var ch = GetChannel(r.ReadUInt32());
                    string req = r.ReadStringUtf8();
                    bool wantReply = r.ReadBoolean();
                    int offset = payload.Length - r.Remaining;
                    bool ok = ch.OnRequestReceived(req, payload[offset..]);
                    if (wantReply)
                    {
                        using var w = new SshWriter(8);
                        w.WriteByte(ok ? MessageNumbers.ChannelSuccess : MessageNumbers.ChannelFailure).WriteUInt32(ch.RemoteId);
                        await SendAsync(w.WrittenMemory).ConfigureAwait(false);
                    }
                    break;
                }
            case MessageNumbers.ChannelSuccess:
            case MessageNumbers.ChannelFailure:
                GetChannel(r.ReadUInt32()).OnReply(type == MessageNumbers.ChannelSuccess);
                break;
            case MessageNumbers.ChannelOpenConfirmation:
                {
                    uint id = r.ReadUInt32();
                    uint remote = r.ReadUInt32();
                    uint window = r.ReadUInt32();
                    uint max = r.ReadUInt32();
                    TaskCompletionSource<bool>? tcs;
                    SshChannel? ch;
                    lock (_lock)
                    {
                        _pendingOpens.Remove(id, out tcs);
                        _channels.TryGetValue(id, out ch);
                    }
                    if (tcs == null || ch == null) throw new SshProtocolException($"open confirmation for channel {id} that is not opening");
                    ch.OnOpenConfirmed(remote, window, max, weOpened: true);
                    tcs.TrySetResult(true);
                    break;
                }
            case MessageNumbers.ChannelOpenFailure:
                {
                    uint id = r.ReadUInt32();
                    uint reason = r.ReadUInt32();
                    string desc = SshTransport.Sanitize(r.ReadStringUtf8());
                    TaskCompletionSource<bool>? tcs;
                    lock (_lock)
                    {
                        _pendingOpens.Remove(id, out tcs);
                        _channels.Remove(id);
                    }
                    if (tcs == null) throw new SshProtocolException($"open failure for channel {id} that is not opening");
                    tcs.TrySetException(new ChannelOpenFailedException(reason, desc));
                    break;
                }
            case MessageNumbers.GlobalRequest:
                {
                    string name = r.ReadStringUtf8();
                    bool wantReply = r.ReadBoolean();
                    Log.Debug($"client_input_global_request: rtype {name} want_reply {(wantReply ? 1 : 0)}");
                    int offset = payload.Length - r.Remaining;
                    bool ok = OnGlobalRequest?.Invoke(name, payload[offset..]) ?? false;
                    if (wantReply)
                        await SendAsync(new byte[] { ok ? MessageNumbers.RequestSuccess : MessageNumbers.RequestFailure }).ConfigureAwait(false);
                    break;
                }
            case MessageNumbers.RequestSuccess:
            case MessageNumbers.RequestFailure:
                {
                    TaskCompletionSource<(bool, byte[])>? tcs;
                    lock (_lock) tcs = _pendingGlobal.Count > 0 ? _pendingGlobal.Dequeue() : null;
                    if (tcs == null) throw new SshProtocolException("unexpected global request reply");
                    tcs.TrySetResult((type == MessageNumbers.RequestSuccess, r.RemainingSpan.ToArray()));
                    break;
                }
            case MessageNumbers.ChannelOpen:
                await OnIncomingOpenAsync(payload).ConfigureAwait(false);
                break;
            case MessageNumbers.UserauthSuccess:
            case MessageNumbers.UserauthFailure:
            case MessageNumbers.UserauthBanner:
                break; // late auth messages are harmless once authenticated
            default:
                {
                    Log.Debug($"unexpected message type {type}");
                    break;
                }
        }
    }

    private async ValueTask OnIncomingOpenAsync(ReadOnlyMemory<byte> payload)
    {
        var r = new SshReader(payload.Span[1..]);
        var req = new IncomingChannelRequest
        {
            ChannelType = r.ReadStringUtf8(),
            SenderChannel = r.ReadUInt32(),
            InitialWindow = r.ReadUInt32(),
            MaxPacket = r.ReadUInt32(),
            TypeSpecificData = r.RemainingSpan.ToArray(),
        };
        var handler = OnChannelOpen;
        SshChannel? created = null;
        SshChannel Create()
        {
            uint id = AllocateId();
            var ch = new SshChannel(this, id, req.ChannelType, DefaultWindow, DefaultMaxPacket);
            ch.OnOpenConfirmed(req.SenderChannel, req.InitialWindow, req.MaxPacket);
            lock (_lock) _channels[id] = ch;
            created = ch;
            return ch;
        }
        bool accepted = false;
        if (handler != null)
        {
            // The handler decides quickly (e.g. "is there such a forward?"); connecting happens after confirmation.
            try { accepted = await handler(req, Create).ConfigureAwait(false); }
            catch (Exception e) { Log.Debug($"channel open handler failed: {e.Message}"); accepted = false; }
        }
        using var w = new SshWriter(64);
        if (accepted && created != null)
        {
            w.WriteByte(MessageNumbers.ChannelOpenConfirmation).WriteUInt32(req.SenderChannel).WriteUInt32(created.LocalId)
             .WriteUInt32(created.LocalWindowSize).WriteUInt32(created.LocalMaxPacket);
        }
        else
        {
            if (created != null) lock (_lock) _channels.Remove(created.LocalId);
            w.WriteByte(MessageNumbers.ChannelOpenFailure).WriteUInt32(req.SenderChannel).WriteUInt32(1)
             .WriteString("open failed").WriteString("");
        }
        await SendAsync(w.WrittenMemory).ConfigureAwait(false);
        req.Answered.TrySetResult();
    }

    private void Fail(Exception e)
    {
        SshChannel[] chans;
        TaskCompletionSource<bool>[] opens;
        TaskCompletionSource<(bool, byte[])>[] globals;
        lock (_lock)
        {
            chans = _channels.Values.ToArray();
            opens = _pendingOpens.Values.ToArray();
            globals = _pendingGlobal.ToArray();
            _pendingOpens.Clear();
            _pendingGlobal.Clear();
        }
        var err = e is IOException or SshException or SshProtocolException ? e : new IOException(e.Message, e);
        // The first failure is the reason everyone hears (a keepalive timeout disposes the transport, which
        // fails the reader loop a second time). Completion is set before the channels hear of it, so whoever
        // sees a channel end because of this can ask the connection why.
        bool first = e is ObjectDisposedException or ConnectionClosedException && _disposing
            ? _completion.TrySetResult()
            : _completion.TrySetException(err);
        var reason = first ? err : _completion.Task.Exception?.InnerException ?? err;
        foreach (var c in chans) c.OnConnectionLost(reason);
        foreach (var t in opens) t.TrySetException(reason);
        foreach (var t in globals) t.TrySetException(reason);
        _keepaliveTimer?.Dispose();
    }

    private bool _disposing;

    public async Task DisconnectAsync(string description = "disconnected by user")
    {
        _disposing = true;
        await Transport.DisconnectAsync(DisconnectReason.ByApplication, description).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        _keepaliveTimer?.Dispose();
        await Transport.DisposeAsync().ConfigureAwait(false);
        if (_loop != null) { try { await _loop.ConfigureAwait(false); } catch (Exception) { } }
    }
}

/// <summary>The server answered CHANNEL_OPEN_FAILURE.</summary>
public sealed class ChannelOpenFailedException : SshException
{
    public uint Reason { get; }
    public string Description { get; }
    public ChannelOpenFailedException(uint reason, string description)
        : base($"open failed: {ReasonText(reason)}: {description}")
    {
        Reason = reason;
        Description = description;
    }

    /// <summary>OpenSSH's words for the reason codes of RFC 4254 §5.1.</summary>
    public static string ReasonText(uint reason) => reason switch
    {
        1 => "administratively prohibited",
        2 => "connect failed",
        3 => "unknown channel type",
        4 => "resource shortage",
        _ => "unknown reason",
    };
}
