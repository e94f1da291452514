using System.Net.Sockets;
using Braid.Ssh.Channels;
using Braid.Ssh.Logging;

namespace Braid.Ssh.Forwarding;

/// <summary>
/// A dynamic forward (-D): each accepted connection speaks SOCKS; its CONNECT target becomes a
/// direct-tcpip channel, and the client hears success only once the server has opened it.
/// </summary>
public sealed class DynamicForwarder : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);
    private readonly ForwardListener _listener;

    public int BoundPort => _listener.Port;

    private DynamicForwarder(ForwardListener listener) { _listener = listener; }

    public static DynamicForwarder Start(Func<SshConnection> connection, ForwardEndpoint listen, ListenOptions options, SshLog log)
    {
        var l = ForwardListener.Bind(listen, options);
        l.Start(s => ServeAsync(connection(), s, log), log);
        return new DynamicForwarder(l);
    }

    private static async Task ServeAsync(SshConnection connection, Socket socket, SshLog log)
    {
        SocksHandshake.Request req;
        using var stream = new NetworkStream(socket, ownsSocket: false);
        // A client that never finishes its handshake holds only its own socket, and not for ever.
        using (var cts = new CancellationTokenSource(HandshakeTimeout))
        {
            try { req = await SocksHandshake.ReadRequestAsync(stream, cts.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is SocksRefusedException or IOException or SocketException or OperationCanceledException)
            {
                log.Error($"dynamic forward: {(e is OperationCanceledException ? "SOCKS handshake timed out" : e.Message)}");
                socket.Dispose();
                return;
            }
        }
        SshChannel ch;
        try
        {
            ch = await LocalForwarder.OpenAsync(connection, ForwardEndpoint.Tcp(req.Host, req.Port), socket.RemoteEndPoint).ConfigureAwait(false);
        }
        catch (ChannelOpenFailedException e)
        {
            log.Error($"channel: open failed: {ChannelOpenFailedException.ReasonText(e.Reason)}: {e.Description}");
            try { await SocksHandshake.ReplyAsync(stream, req.Version, false, CancellationToken.None).ConfigureAwait(false); } catch (IOException) { }
            socket.Dispose();
            return;
        }
        try { await SocksHandshake.ReplyAsync(stream, req.Version, true, CancellationToken.None).ConfigureAwait(false); }
        catch (IOException) { }
        await ChannelPump.RunAsync(socket, ch).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
