using Braid.Config;
using Braid.Mux.Client;
using Braid.Ssh.Logging;

namespace Braid.Cli.Sharing;

/// <summary>-O forward / -O cancel. The forwarding issue fills these in; until then they say so.</summary>
internal static class ForwardCommands
{
    public static Task<int> RunAsync(MuxClientConnection conn, bool open, SshConfig config, SshLog log)
    {
        log.Error(open ? "muxclient: master forward request failed" : "muxclient: master cancel forward request failed");
        return Task.FromResult(255);
    }
}
