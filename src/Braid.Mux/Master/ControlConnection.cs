using System.Net.Sockets;
using System.Text;
using Braid.Mux.Protocol;
using Braid.Ssh;
using Braid.Ssh.Channels;
using Braid.Ssh.Wire;
using Braid.Unix;

namespace Braid.Mux.Master;

/// <summary>
/// One passenger's control connection: HELLO first, then requests one at a time. Replies to a request
/// are written before the next request is read, so they stay in order. Malformed input closes this
/// connection only.
/// </summary>
public sealed class ControlConnection : IDisposable
{
    private readonly MuxMaster _master;
    private readonly Socket _socket;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private MuxSession? _session;
    private int _disposed;

    public DateTime Connected { get; } = DateTime.UtcNow;
    public MuxSession? Session => _session;

    internal ControlConnection(MuxMaster master, Socket socket)
    {
        _master = master;
        _socket = socket;
    }

    internal async ValueTask SendAsync(byte[] body, CancellationToken ct = default)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try { await MuxFraming.WriteFrameAsync(_socket, body, ct).ConfigureAwait(false); }
        finally { _writeLock.Release(); }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        await SendAsync(new HelloMessage(MuxMessageType.Version, [("info", "0")]).Encode(), ct).ConfigureAwait(false);
        var first = await MuxFraming.ReadFrameAsync(_socket, ct).ConfigureAwait(false);
        if (first == null) return;
        var hr = new SshReader(first);
        uint htype = hr.ReadUInt32();
        if (htype != MuxMessageType.Hello)
        {
            _master.Log.Error($"expected MUX_MSG_HELLO(0x00000001), received 0x{htype:x8}");
            return;
        }
        var hello = HelloMessage.Decode(ref hr);
        if (hello.Version != MuxMessageType.Version)
        {
            _master.Log.Error($"Unsupported multiplexing protocol version {hello.Version} (expected {MuxMessageType.Version})");
            return;
        }
        while (!ct.IsCancellationRequested)
        {
            byte[]? body;
            try { body = await MuxFraming.ReadFrameAsync(_socket, ct).ConfigureAwait(false); }
            catch (Exception e) when (e is IOException or SocketException or SshProtocolException)
            {
                _master.Log.Debug($"control connection: {e.Message}");
                break;
            }
            if (body == null) break;
            bool keep;
            try
            {
                keep = await HandleAsync(body, ct).ConfigureAwait(false);
            }
            catch (SshProtocolException e)
            {
                _master.Log.Debug($"malformed control message: {e.Message}");
                break;
            }
            if (!keep) break;
        }
        // The passenger went away (or sent garbage): its session ends with it.
        if (_session != null) await _session.ClientGoneAsync().ConfigureAwait(false);
    }

    /// <summary>Handles one request; false closes the connection.</summary>
    private async Task<bool> HandleAsync(byte[] body, CancellationToken ct)
    {
        var r = new SshReader(body);
        uint type = r.ReadUInt32();
        switch (type)
        {
            case MuxMessageType.Hello:
                _master.Log.Error("control connection: unexpected second HELLO");
                return false;
            case MuxMessageType.AliveCheck:
                {
                    uint rid = r.ReadUInt32();
                    await SendAsync(MuxReplies.Alive(rid, (uint)_master.Pid), ct).ConfigureAwait(false);
                    return true;
                }
            case MuxMessageType.Terminate:
                {
                    uint rid = r.ReadUInt32();
                    if (!Confirm($"Terminate shared connection to {_master.Options.HostName}? "))
                    {
                        await SendAsync(MuxReplies.PermissionDenied(rid, "Permission denied"), ct).ConfigureAwait(false);
                        return true;
                    }
                    await SendAsync(MuxReplies.Ok(rid), ct).ConfigureAwait(false);
                    _master.Terminate();
                    return true;
                }
            case MuxMessageType.StopListening:
                {
                    uint rid = r.ReadUInt32();
                    if (!Confirm($"Disable further multiplexing on shared connection to {_master.Options.HostName}? "))
                    {
                        await SendAsync(MuxReplies.PermissionDenied(rid, "Permission denied"), ct).ConfigureAwait(false);
                        return true;
                    }
                    _master.StopListening();
                    await SendAsync(MuxReplies.Ok(rid), ct).ConfigureAwait(false);
                    return true;
                }
            case MuxMessageType.NewSession:
                return await NewSessionAsync(NewSessionRequest.Decode(ref r), ct).ConfigureAwait(false);
            case MuxMessageType.NewStdioForward:
                {
                    var req = NewStdioForwardRequest.Decode(ref r);
                    return await NewStdioForwardAsync(req, ct).ConfigureAwait(false);
                }
            case MuxMessageType.OpenForward:
            case MuxMessageType.CloseForward:
                {
                    var req = ForwardRequest.Decode(type, ref r);
                    string? invalid = req.Validate();
                    if (invalid != null)
                    {
                        await SendAsync(MuxReplies.Failure(req.RequestId, invalid), ct).ConfigureAwait(false);
                        return true;
                    }
                    var reply = await _master.Forwards.HandleAsync(req, Confirm, ct).ConfigureAwait(false);
                    await SendAsync(reply, ct).ConfigureAwait(false);
                    return true;
                }
            case MuxMessageType.Proxy:
                {
                    uint rid = r.ReadUInt32();
                    // OpenSSH before 10.3 did not confirm proxy clients under ControlMaster ask; we do.
                    if (!Confirm("Allow multiplex proxy connection?"))
                    {
                        await SendAsync(MuxReplies.PermissionDenied(rid, "Permission denied"), ct).ConfigureAwait(false);
                        return true;
                    }
                    await SendAsync(MuxReplies.ProxyOk(rid), ct).ConfigureAwait(false);
                    // From here on the socket carries connection-layer packets, not mux messages.
                    await new ProxyDownstream(_master, _socket).RunAsync(ct).ConfigureAwait(false);
                    return false;
                }
            case MuxMessageType.ExtInfo:
                {
                    uint rid = r.ReadUInt32();
                    string name = r.ReadStringUtf8();
                    string? text = name switch
                    {
                        "connection" => MasterInfo.Connection(_master),
                        "channels" => MasterInfo.Channels(_master),
                        _ => null,
                    };
                    await SendAsync(MuxReplies.ExtInfo(rid, text != null, text ?? "info request type not supported"), ct).ConfigureAwait(false);
                    return true;
                }
            default:
                {
                    // OpenSSH answers unknown requests and keeps the connection.
                    uint rid = r.Remaining >= 4 ? r.ReadUInt32() : 0;
                    await SendAsync(MuxReplies.Failure(rid, "unsupported request"), ct).ConfigureAwait(false);
                    return true;
                }
        }
    }

    private bool Confirm(string prompt)
    {
        if (!_master.Options.Ask) return true;
        return _master.Options.Confirm?.Invoke(prompt) ?? false;
    }

    /// <summary>Receives the passed descriptors, with a deadline: a passenger that never sends them
    /// stalls only itself.</summary>
    private async Task<int[]?> ReceiveFdsAsync(int count, CancellationToken ct)
    {
        var fds = new List<int>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_master.Options.FdTimeout);
        try
        {
            for (int i = 0; i < count; i++) fds.Add(await FdPassing.ReceiveFdAsync(_socket, cts.Token).ConfigureAwait(false));
            return fds.ToArray();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or UnixException or SocketException)
        {
            foreach (var fd in fds) Posix.Close(fd);
            return null;
        }
    }

    private Task<bool> NewSessionAsync(NewSessionRequest req, CancellationToken ct)
        => StartSessionAsync(req.RequestId, 3, $"Allow shared connection to {_master.Options.HostName}? ",
            fds => new MuxSession(_master, this, req, fds[0], fds[1], fds[2]), ct);

    private Task<bool> NewStdioForwardAsync(NewStdioForwardRequest req, CancellationToken ct)
        => StartSessionAsync(req.RequestId, 2, req.Port == MuxMessageType.PortStreamLocal
                ? $"Allow forward to path {req.Host}" : $"Allow forward to [{req.Host}]:{req.Port}? ",
            fds => MuxSession.ForStdio(_master, this, req, fds[0], fds[1]), ct);

    /// <summary>NEW_SESSION and NEW_STDIO_FWD alike: the passenger's descriptors, then one session per
    /// control connection, the ask prompt, the channel. False ends the control connection.</summary>
    private async Task<bool> StartSessionAsync(uint rid, int fdCount, string prompt, Func<int[], MuxSession> create, CancellationToken ct)
    {
        var fds = await ReceiveFdsAsync(fdCount, ct).ConfigureAwait(false);
        if (fds == null)
        {
            await SendAsync(MuxReplies.Failure(rid, "did not receive file descriptors"), ct).ConfigureAwait(false);
            return false;
        }
        byte[]? refusal = _session != null ? MuxReplies.Failure(rid, "Multiple sessions not supported")
            : !Confirm(prompt) ? MuxReplies.PermissionDenied(rid, "Permission denied")
            : null;
        if (refusal != null)
        {
            foreach (var fd in fds) Posix.Close(fd);
            await SendAsync(refusal, ct).ConfigureAwait(false);
            return true;
        }
        var session = create(fds);
        if (!await session.OpenAsync(ct).ConfigureAwait(false)) return true;
        _session = session;
        _master.NotifyActivity();
        _ = session.RunAsync();
        return true;
    }

    internal void OnWindowChange() => _session?.OnWindowChange();

    /// <summary>Closes the control connection once queued replies are written (the passenger sees EOF).</summary>
    internal void Close()
    {
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception) { }
        Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try { _socket.Dispose(); } catch (Exception) { }
    }
}
