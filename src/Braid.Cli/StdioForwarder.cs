using Braid.Ssh;
using Braid.Ssh.Channels;
using Braid.Ssh.Logging;
using Braid.Ssh.Wire;

namespace Braid.Cli;

/// <summary>-W host:port / -W path on a connection of our own: stdin and stdout become the channel.</summary>
internal static class StdioForwarder
{
    public static async Task<int> RunAsync(SshConnection connection, string? host, int port, string? path, SshLog log)
    {
        SshChannel ch;
        using (var w = new SshWriter(64))
        {
            try
            {
                if (path != null)
                {
                    w.WriteString(path).WriteString("").WriteUInt32(0);
                    ch = await connection.OpenChannelAsync("direct-streamlocal@openssh.com", w.ToArray()).ConfigureAwait(false);
                }
                else
                {
                    w.WriteString(host!).WriteUInt32((uint)port).WriteString("127.0.0.1").WriteUInt32(65535);
                    ch = await connection.OpenChannelAsync("direct-tcpip", w.ToArray()).ConfigureAwait(false);
                }
            }
            catch (ChannelOpenFailedException e)
            {
                log.Error($"channel 0: open failed: {ChannelOpenFailedException.ReasonText(e.Reason)}: {e.Description}");
                log.Error("stdio forwarding failed");
                return 255;
            }
        }
        using var term = new LocalTerminal();
        await SessionPump.RunAsync(ch, new SessionIo
        {
            ReadInput = term.ReadStdin,
            WriteOutput = term.WriteStdout,
            WriteError = term.WriteStderr,
        }, CancellationToken.None).ConfigureAwait(false);
        return 0;
    }
}
