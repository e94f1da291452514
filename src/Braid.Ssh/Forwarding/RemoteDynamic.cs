using System.Net.Sockets;
using Braid.Ssh.Channels;
using Braid.Ssh.Logging;

namespace Braid.Ssh.Forwarding;

/// <summary>
/// A remote dynamic forward (-R port alone): the server's forwarded channel speaks SOCKS, names its
/// target itself, and we connect to it from here.
/// </summary>
internal static class RemoteDynamic
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    public static async Task ServeAsync(SshChannel ch, SshLog log, RemoteOpenPolicy policy)
    {
        var stream = new ChannelStream(ch);
        try
        {
            using var cts = new CancellationTokenSource(HandshakeTimeout);
            var req = await SocksHandshake.ReadRequestAsync(stream, cts.Token).ConfigureAwait(false);
            if (!policy.Allows(req.Host, req.Port))
            {
                log.Error($"Received request to connect to host {req.Host} port {req.Port}, but the request was denied.");
                await SocksHandshake.ReplyAsync(stream, req.Version, false, CancellationToken.None).ConfigureAwait(false);
                await ch.SendCloseAsync().ConfigureAwait(false);
                return;
            }
            Socket target;
            try { target = await RemoteForwarder.ConnectAsync(ForwardEndpoint.Tcp(req.Host, req.Port)).ConfigureAwait(false); }
            catch (SocketException e)
            {
                log.Error($"connect_to {req.Host} port {req.Port}: {e.Message}");
                await SocksHandshake.ReplyAsync(stream, req.Version, false, CancellationToken.None).ConfigureAwait(false);
                await ch.SendCloseAsync().ConfigureAwait(false);
                return;
            }
            await SocksHandshake.ReplyAsync(stream, req.Version, true, CancellationToken.None).ConfigureAwait(false);
            await ChannelPump.RunAsync(target, ch).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocksRefusedException or IOException or OperationCanceledException)
        {
            log.Error($"remote dynamic forward: {(e is OperationCanceledException ? "SOCKS handshake timed out" : e.Message)}");
            await ch.SendCloseAsync().ConfigureAwait(false);
        }
    }
}
