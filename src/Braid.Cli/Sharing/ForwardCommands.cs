using Braid.Config;
using Braid.Mux.Client;
using Braid.Mux.Protocol;
using Braid.Ssh.Logging;
using Braid.Ssh.Wire;

namespace Braid.Cli.Sharing;

/// <summary>
/// -O forward / -O cancel: one OPEN_FWD or CLOSE_FWD per configured forward, encoded as OpenSSH's
/// mux_client_forward() does (reference §3.1), with its texts (§6.4). Unlike OpenSSH, a failed
/// cancel exits 255: a script that cancels a forward needs to know it is still open.
/// </summary>
internal static class ForwardCommands
{
    /// <summary>Sends every configured forward. A passenger does this before its session (printPorts false:
    /// only -O forward prints an allocated port on stdout).</summary>
    public static async Task<int> RunAsync(MuxClientConnection conn, bool open, SshConfig config, SshLog log, bool printPorts = true)
    {
        bool failed = false;
        foreach (var f in config.LocalForwards)
            failed |= !await OneAsync(conn, open, MuxMessageType.ForwardLocal, f, log, printPorts).ConfigureAwait(false);
        foreach (var f in config.DynamicForwards)
            failed |= !await OneAsync(conn, open, MuxMessageType.ForwardDynamic, f, log, printPorts).ConfigureAwait(false);
        foreach (var f in config.RemoteForwards)
            failed |= !await OneAsync(conn, open, MuxMessageType.ForwardRemote, f, log, printPorts).ConfigureAwait(false);
        if (!failed) return 0;
        log.Error(open ? "muxclient: master forward request failed" : "muxclient: master cancel forward request failed");
        return 255;
    }

    private static async Task<bool> OneAsync(MuxClientConnection conn, bool open, uint ftype, Forward f, SshLog log, bool printPorts)
    {
        uint rid = conn.NextRequestId();
        var (lh, lp, ch, cp) = MuxForwardFields.Of(f);
        var req = new ForwardRequest(open ? MuxMessageType.OpenForward : MuxMessageType.CloseForward, rid, ftype, lh, lp, ch, cp);
        await conn.SendAsync(req.Encode(), CancellationToken.None).ConfigureAwait(false);
        var (type, body) = await conn.ReadReplyAsync(rid, CancellationToken.None).ConfigureAwait(false);
        switch (type)
        {
            case MuxMessageType.Ok:
                return true;
            case MuxMessageType.RemotePort:
                {
                    var r = new SshReader(body);
                    r.ReadUInt32(); r.ReadUInt32();
                    uint port = r.ReadUInt32();
                    log.Verbose($"Allocated port {port} for mux remote forward to {f.ConnectPath ?? f.ConnectHost}:{f.ConnectPort}");
                    if (open && printPorts) { StdErr.Out.Write($"{port}\n"); StdErr.Out.Flush(); }
                    return true;
                }
            case MuxMessageType.PermissionDenied:
                log.Error("Master refused forwarding request: " + MuxClientConnection.ReadReason(body));
                return false;
            case MuxMessageType.Failure:
                log.Error("mux_client_forward: forwarding request failed: " + MuxClientConnection.ReadReason(body));
                return false;
            default:
                log.Error($"mux_client_forward: unexpected response type {type}");
                return false;
        }
    }
}
