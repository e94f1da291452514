using System.Net.Sockets;
using Braid.Ssh.Channels;
using Braid.Ssh.Logging;

namespace Braid.Ssh.Forwarding;

/// <summary>
/// Agent forwarding (-A): each auth-agent@openssh.com channel the server opens is joined to a new
/// connection to the local agent's socket. The session asks for it with auth-agent-req@openssh.com.
/// </summary>
public static class AgentForwarder
{
    public static void Enable(SshConnection connection, string agentSocketPath, SshLog log)
    {
        var previous = connection.OnChannelOpen;
        connection.OnChannelOpen = (req, create) =>
        {
            if (req.ChannelType != "auth-agent@openssh.com")
                return previous?.Invoke(req, create) ?? Task.FromResult(false);
            var ch = create();
            _ = RelayAsync(connection, ch, agentSocketPath, req.Answered.Task, log);
            return Task.FromResult(true);
        };
    }

    private static async Task RelayAsync(SshConnection connection, SshChannel ch, string path, Task confirmed, SshLog log)
    {
        // Nothing may be sent on the channel before its confirmation is queued.
        await Task.WhenAny(confirmed, connection.Completion).ConfigureAwait(false);
        if (!confirmed.IsCompleted) return;
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await s.ConnectAsync(new UnixDomainSocketEndPoint(path)).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            log.Debug($"agent forwarding: connect {path}: {e.Message}");
            s.Dispose();
            await ch.SendCloseAsync().ConfigureAwait(false);
            return;
        }
        using (s) await ChannelPump.RunAsync(s, ch).ConfigureAwait(false);
    }
}
