using System.Net.Sockets;
using Braid.Mux.Protocol;
using Braid.Ssh;
using Braid.Ssh.Wire;

namespace Braid.Mux.Client;

/// <summary>Why connecting to a control socket failed, in the terms OpenSSH's muxclient() decides on.</summary>
public enum ControlConnectError { None, NotFound, Refused, Other }

/// <summary>
/// One connection to a master's control socket, after the HELLO exchange. Request ids start at 0
/// and every reply is checked against the one sent, as OpenSSH's client does.
/// </summary>
public sealed class MuxClientConnection : IDisposable
{
    public Socket Socket { get; }
    /// <summary>The control socket's path.</summary>
    public string Path { get; }
    public uint MasterVersion { get; private set; }
    public IReadOnlyList<(string Name, string Value)> MasterExtensions { get; private set; } = [];
    private uint _nextRequestId;

    private MuxClientConnection(Socket socket, string path) { Socket = socket; Path = path; }

    public uint NextRequestId() => _nextRequestId++;

    /// <summary>Connects to the socket; on failure returns the errno class and OpenSSH's text for it.</summary>
    public static (MuxClientConnection? Connection, ControlConnectError Error, string Message) TryConnect(string path)
    {
        for (int attempt = 0; ; attempt++)
        {
            var r = TryConnectOnce(path, out bool busy);
            // A full accept queue (EAGAIN) is momentary: a burst of passengers, not a dead master.
            if (!busy || attempt >= 20) return r;
            Thread.Sleep(5 * (attempt + 1));
        }
    }

    private static (MuxClientConnection? Connection, ControlConnectError Error, string Message) TryConnectOnce(string path, out bool busy)
    {
        busy = false;
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            s.Connect(new UnixDomainSocketEndPoint(path));
            return (new MuxClientConnection(s, path), ControlConnectError.None, "");
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain)
        {
            s.Dispose();
            busy = true;
            return (null, ControlConnectError.Other, $"Control socket connect({Trunc(path)}): Resource temporarily unavailable");
        }
        catch (SocketException e)
        {
            s.Dispose();
            var kind = e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => ControlConnectError.Refused,
                SocketError.AddressNotAvailable or SocketError.HostNotFound => ControlConnectError.NotFound,
                _ when e.ErrorCode == 2 || e.NativeErrorCode == 2 => ControlConnectError.NotFound,
                _ => ControlConnectError.Other,
            };
            string text = kind switch
            {
                ControlConnectError.Refused => "Connection refused",
                ControlConnectError.NotFound => "No such file or directory",
                _ => e.Message,
            };
            return (null, kind, $"Control socket connect({Trunc(path)}): {text}");
        }
    }

    /// <summary>True when no master answers at the path any more (a dead master). A connect alone can
    /// still succeed while a killed master's listening socket is being torn down, so a live master must
    /// also send its HELLO (it does so on accepting) within a second.</summary>
    public static bool NobodyListens(string path)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            s.Connect(new UnixDomainSocketEndPoint(path));
            s.ReceiveTimeout = 1000;
            return s.Receive(new byte[4]) <= 0;
        }
        // A full accept queue or a master too busy to say HELLO in time is still a master.
        catch (SocketException e) { return e.SocketErrorCode is not (SocketError.WouldBlock or SocketError.TryAgain or SocketError.TimedOut); }
    }

    private static string Trunc(string s) => s.Length <= 100 ? s : s[..100];

    // The client side uses blocking calls on a blocking socket: a passenger or -O command then needs no
    // socket engine or thread-pool threads (six thread starts saved per passenger). The Task-returning
    // shapes are kept for callers; they complete before returning. A cancellable token shuts the socket
    // down, which wakes a blocked read.

    /// <summary>Sends our HELLO and reads the master's (both sides send at once). With a timeout, a master
    /// that never answers fails the exchange (SO_RCVTIMEO) instead of hanging the client.</summary>
    public Task HelloAsync(CancellationToken ct, TimeSpan? timeout = null)
    {
        if (timeout is { } t && t > TimeSpan.Zero) Socket.ReceiveTimeout = (int)Math.Min(t.TotalMilliseconds, int.MaxValue);
        using var wake = WakeOn(ct);
        MuxFraming.WriteFrame(Socket, new HelloMessage(MuxMessageType.Version, []).Encode());
        var body = MuxFraming.ReadFrame(Socket) ?? throw new IOException("master closed the connection before HELLO");
        Socket.ReceiveTimeout = 0;
        var r = new SshReader(body);
        uint type = r.ReadUInt32();
        if (type != MuxMessageType.Hello)
            throw new SshException($"master hello exchange failed: expected HELLO (1), received 0x{type:x8}");
        var hello = HelloMessage.Decode(ref r);
        if (hello.Version != MuxMessageType.Version)
            throw new SshException($"Unsupported multiplexing protocol version {hello.Version} (expected {MuxMessageType.Version})");
        MasterVersion = hello.Version;
        MasterExtensions = hello.Extensions;
        return Task.CompletedTask;
    }

    public ValueTask SendAsync(byte[] body, CancellationToken ct)
    {
        using var wake = WakeOn(ct);
        MuxFraming.WriteFrame(Socket, body);
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads one reply; null at EOF (or after <see cref="Interrupt"/>).</summary>
    public Task<(uint Type, byte[] Body)?> ReadAsync(CancellationToken ct)
    {
        using var wake = WakeOn(ct);
        var body = MuxFraming.ReadFrame(Socket);
        if (body == null) return Task.FromResult<(uint, byte[])?>(null);
        var r = new SshReader(body);
        return Task.FromResult<(uint, byte[])?>((r.ReadUInt32(), body));
    }

    /// <summary>Reads a reply and checks its request id (the uint32 after the type).</summary>
    public async Task<(uint Type, byte[] Body)> ReadReplyAsync(uint requestId, CancellationToken ct)
    {
        var reply = await ReadAsync(ct).ConfigureAwait(false) ?? throw new IOException("master closed the control connection");
        var r = new SshReader(reply.Body);
        r.ReadUInt32();
        uint rid = r.ReadUInt32();
        if (rid != requestId) throw new SshException($"out of sequence reply: my id {requestId} theirs {rid}");
        return reply;
    }

    /// <summary>Wakes a blocked read (it sees end of stream); safe from a signal handler's thread.</summary>
    public void Interrupt()
    {
        try { Socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    private CancellationTokenRegistration WakeOn(CancellationToken ct) => ct.CanBeCanceled ? ct.Register(Interrupt) : default;

    public static string ReadReason(byte[] body)
    {
        var r = new SshReader(body);
        r.ReadUInt32(); r.ReadUInt32();
        return r.ReadStringUtf8();
    }

    public void Dispose() => Socket.Dispose();
}
