using System.Net;
using System.Net.Sockets;
using Braid.Ssh.Logging;

namespace Braid.Ssh.Forwarding;

/// <summary>How a listening socket is bound: GatewayPorts for TCP, StreamLocalBind* for Unix paths.</summary>
public sealed record ListenOptions(bool GatewayPorts = false, int StreamLocalBindMask = 0x3f /* 0177 */, bool StreamLocalBindUnlink = false);

/// <summary>
/// The listening side of a local or dynamic forward: one or more bound sockets (a Unix path, or the
/// TCP addresses a bind host stands for) and an accept loop that hands each connection to a handler.
/// </summary>
public sealed class ForwardListener : IAsyncDisposable
{
    private readonly List<Socket> _sockets;
    private readonly string? _unixPath;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = new();

    /// <summary>The TCP port actually bound (useful when 0 was asked for).</summary>
    public int Port { get; }

    private ForwardListener(List<Socket> sockets, string? unixPath, int port)
    {
        _sockets = sockets;
        _unixPath = unixPath;
        Port = port;
    }

    /// <summary>Binds; throws <see cref="ForwardBindException"/> with OpenSSH-style text when nothing could be bound.</summary>
    public static ForwardListener Bind(ForwardEndpoint listen, ListenOptions options)
    {
        if (listen.Path is { } path) return BindUnix(path, options);
        var addrs = BindAddresses(listen.Host, options.GatewayPorts);
        var bound = new List<Socket>();
        string? lastError = null;
        int port = listen.Port;
        foreach (var a in addrs)
        {
            var s = new Socket(a.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (a.AddressFamily == AddressFamily.InterNetworkV6) s.DualMode = false;
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                s.Bind(new IPEndPoint(a, port));
                s.Listen(128);
                port = ((IPEndPoint)s.LocalEndPoint!).Port; // later addresses take the same allocated port
                bound.Add(s);
            }
            catch (SocketException e)
            {
                s.Dispose();
                lastError = $"bind [{a}]:{port}: {e.Message}";
            }
        }
        if (bound.Count == 0) throw new ForwardBindException(lastError ?? $"cannot listen to port: {listen.Port}", listen.Port);
        return new ForwardListener(bound, null, port);
    }

    private static ForwardListener BindUnix(string path, ListenOptions options)
    {
        if (options.StreamLocalBindUnlink) { try { File.Delete(path); } catch (Exception) { } }
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            s.Bind(new UnixDomainSocketEndPoint(path));
            // OpenSSH binds under umask(StreamLocalBindMask); .NET has no umask, so set the mode right after.
            File.SetUnixFileMode(path, (UnixFileMode)(0x1ff & ~options.StreamLocalBindMask));
            s.Listen(128);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            s.Dispose();
            throw new ForwardBindException($"unix_listener: cannot bind to path {path}: {e.Message}", StreamLocalPort);
        }
        return new ForwardListener([s], path, 0);
    }

    /// <summary>The port value OpenSSH uses for "a Unix path" (PORT_STREAMLOCAL).</summary>
    private const int StreamLocalPort = -2;

    /// <summary>OpenSSH's rules: no bind host = loopback (all addresses with GatewayPorts); "" or "*" = all;
    /// "localhost" = loopback; anything else is resolved.</summary>
    private static IPAddress[] BindAddresses(string? host, bool gatewayPorts)
    {
        if (host == null) return gatewayPorts ? [IPAddress.Any, IPAddress.IPv6Any] : [IPAddress.Loopback, IPAddress.IPv6Loopback];
        if (host is "" or "*") return [IPAddress.Any, IPAddress.IPv6Any];
        if (host == "localhost") return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return [ip];
        try { return Dns.GetHostAddresses(host); }
        catch (SocketException) { return []; }
    }

    /// <summary>Starts accepting; each connection is handed to the handler, which owns the socket.</summary>
    public void Start(Func<Socket, Task> onAccept, SshLog log)
    {
        foreach (var s in _sockets) _loops.Add(Task.Run(() => AcceptLoopAsync(s, onAccept, log)));
    }

    private async Task AcceptLoopAsync(Socket listener, Func<Socket, Task> onAccept, SshLog log)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket c;
            try { c = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
            {
                // EMFILE: back off rather than spin.
                try { await Task.Delay(1000, _stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                continue;
            }
            catch (SocketException) { continue; }
            if (c.AddressFamily != AddressFamily.Unix) c.NoDelay = true;
            _ = HandleAsync(c, onAccept, log);
        }
    }

    private static async Task HandleAsync(Socket c, Func<Socket, Task> onAccept, SshLog log)
    {
        try { await onAccept(c).ConfigureAwait(false); }
        catch (Exception e) { log.Debug($"forwarded connection: {e.Message}"); c.Dispose(); }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        foreach (var s in _sockets) s.Dispose();
        if (_unixPath != null) { try { File.Delete(_unixPath); } catch (Exception) { } }
        return ValueTask.CompletedTask;
    }
}

/// <summary>A forward's listener could not be bound.</summary>
public sealed class ForwardBindException : Exception
{
    public int Port { get; }
    public ForwardBindException(string message, int port) : base(message) { Port = port; }
}
