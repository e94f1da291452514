using System.Net;
using System.Net.Sockets;
using Braid.Ssh.Channels;
using Braid.Ssh.Logging;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Forwarding;

/// <summary>
/// A local forward (-L): connections accepted on the listener become direct-tcpip or
/// direct-streamlocal@openssh.com channels to the target, pumped both ways.
/// </summary>
public sealed class LocalForwarder : IAsyncDisposable
{
    private readonly ForwardListener _listener;

    public ForwardEndpoint Listen { get; }
    public ForwardEndpoint Target { get; }
    public int BoundPort => _listener.Port;

    private LocalForwarder(ForwardListener listener, ForwardEndpoint listen, ForwardEndpoint target)
    {
        _listener = listener;
        Listen = listen;
        Target = target;
    }

    /// <summary>Binds now (throws <see cref="ForwardBindException"/>) and serves on the connection the picker returns.</summary>
    public static LocalForwarder Start(Func<SshConnection> connection, ForwardEndpoint listen, ForwardEndpoint target, ListenOptions options, SshLog log)
    {
        var l = ForwardListener.Bind(listen, options);
        var f = new LocalForwarder(l, listen, target);
        l.Start(s => f.ServeAsync(connection(), s, log), log);
        return f;
    }

    private async Task ServeAsync(SshConnection connection, Socket socket, SshLog log)
    {
        SshChannel ch;
        try
        {
            ch = await OpenAsync(connection, Target, socket.RemoteEndPoint).ConfigureAwait(false);
        }
        catch (ChannelOpenFailedException e)
        {
            log.Error($"channel: open failed: {ChannelOpenFailedException.ReasonText(e.Reason)}: {e.Description}");
            socket.Dispose();
            return;
        }
        await ChannelPump.RunAsync(socket, ch).ConfigureAwait(false);
    }

    /// <summary>Opens the channel for one forwarded connection (also used by SOCKS).</summary>
    public static Task<SshChannel> OpenAsync(SshConnection connection, ForwardEndpoint target, EndPoint? originator)
    {
        using var w = new SshWriter(128);
        if (target.Path is { } path)
        {
            w.WriteString(path).WriteString("").WriteUInt32(0);
            return connection.OpenChannelAsync("direct-streamlocal@openssh.com", w.ToArray());
        }
        string oaddr = "127.0.0.1";
        int oport = 0;
        if (originator is IPEndPoint ip) { oaddr = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4().ToString() : ip.Address.ToString(); oport = ip.Port; }
        w.WriteString(target.Host ?? "localhost").WriteUInt32((uint)target.Port).WriteString(oaddr).WriteUInt32((uint)oport);
        return connection.OpenChannelAsync("direct-tcpip", w.ToArray());
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
