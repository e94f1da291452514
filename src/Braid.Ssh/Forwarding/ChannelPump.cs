using System.Net.Sockets;
using Braid.Ssh.Channels;

namespace Braid.Ssh.Forwarding;

/// <summary>
/// Moves bytes between a socket and a channel, both ways, with flow control: the socket is read only
/// when the previous chunk went into the channel's window (WriteAsync waits for it), and channel data
/// is consumed — re-opening our window — only as fast as the socket accepts it. Nothing grows unbounded.
/// </summary>
public static class ChannelPump
{
    public static async Task RunAsync(Socket socket, SshChannel channel)
    {
        var up = SocketToChannelAsync(socket, channel);
        var down = ChannelToSocketAsync(channel, socket);
        try
        {
            var first = await Task.WhenAny(up, down).ConfigureAwait(false);
            if (first.IsFaulted) { }                       // a reset or a dead connection ends both ways
            else if (first == down)
                await Task.WhenAny(up, channel.Closed).ConfigureAwait(false); // server finished; let the local side finish too
            else
                await Task.WhenAny(down).ConfigureAwait(false);   // local finished; drain what the server still sends
        }
        finally
        {
            await channel.SendCloseAsync().ConfigureAwait(false);
            socket.Dispose();
            try { await Task.WhenAll(up, down).ConfigureAwait(false); } catch (Exception) { }
        }
    }

    private static async Task SocketToChannelAsync(Socket socket, SshChannel channel)
    {
        var buf = new byte[(int)Math.Min(channel.RemoteMaxPacket, 32 * 1024)];
        while (true)
        {
            int n = await socket.ReceiveAsync(buf, SocketFlags.None).ConfigureAwait(false);
            if (n == 0) break;
            await channel.WriteAsync(buf.AsMemory(0, n)).ConfigureAwait(false);
        }
        await channel.SendEofAsync().ConfigureAwait(false);
    }

    private static async Task ChannelToSocketAsync(SshChannel channel, Socket socket)
    {
        var buf = new byte[32 * 1024];
        while (true)
        {
            int n = await channel.ReadAsync(buf).ConfigureAwait(false);
            if (n == 0) break;
            int off = 0;
            while (off < n) off += await socket.SendAsync(buf.AsMemory(off, n - off), SocketFlags.None).ConfigureAwait(false);
        }
        try { socket.Shutdown(SocketShutdown.Send); } catch (Exception) { }
    }
}
