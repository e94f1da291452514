using Braid.Mux.Protocol;
using Braid.Ssh;
using Braid.Ssh.Wire;

namespace Braid.Mux.Client;

/// <summary>The `-O` commands, with OpenSSH's texts and exit codes (reference §6.4).</summary>
public static class MuxControlCommands
{
    /// <summary>-O check: "Master running (pid=N)" on stderr.</summary>
    public static async Task<int> CheckAsync(MuxClientConnection c, TextWriter stderr, CancellationToken ct)
    {
        uint pid = await AliveCheckAsync(c, ct).ConfigureAwait(false);
        stderr.Write($"Master running (pid={pid})\r\n");
        return 0;
    }

    public static async Task<uint> AliveCheckAsync(MuxClientConnection c, CancellationToken ct)
    {
        uint rid = c.NextRequestId();
        await c.SendAsync(new SimpleRequest(MuxMessageType.AliveCheck, rid).Encode(), ct).ConfigureAwait(false);
        var (type, body) = await c.ReadReplyAsync(rid, ct).ConfigureAwait(false);
        if (type != MuxMessageType.Alive) throw new SshException($"mux_client_request_alive: master returned unexpected message {type}");
        var r = new SshReader(body);
        r.ReadUInt32(); r.ReadUInt32();
        return r.ReadUInt32();
    }

    /// <summary>-O exit. The master may close before its OK arrives; OpenSSH counts that as success.</summary>
    public static async Task<int> ExitAsync(MuxClientConnection c, TextWriter stderr, bool quiet, CancellationToken ct)
    {
        uint rid = c.NextRequestId();
        await c.SendAsync(new SimpleRequest(MuxMessageType.Terminate, rid).Encode(), ct).ConfigureAwait(false);
        (uint Type, byte[] Body)? reply;
        try { reply = await c.ReadAsync(ct).ConfigureAwait(false); }
        catch (IOException) { reply = null; }
        if (reply is { } rep)
        {
            if (rep.Type == MuxMessageType.PermissionDenied)
                throw new SshException("Master refused termination request: " + MuxClientConnection.ReadReason(rep.Body));
            if (rep.Type == MuxMessageType.Failure)
                throw new SshException("termination request failed: " + MuxClientConnection.ReadReason(rep.Body));
        }
        if (!quiet) stderr.Write("Exit request sent.\r\n");
        return 0;
    }

    /// <summary>-O stop.</summary>
    public static async Task<int> StopAsync(MuxClientConnection c, TextWriter stderr, bool quiet, CancellationToken ct)
    {
        uint rid = c.NextRequestId();
        await c.SendAsync(new SimpleRequest(MuxMessageType.StopListening, rid).Encode(), ct).ConfigureAwait(false);
        var (type, body) = await c.ReadReplyAsync(rid, ct).ConfigureAwait(false);
        if (type == MuxMessageType.PermissionDenied)
            throw new SshException("Master refused stop listening request: " + MuxClientConnection.ReadReason(body));
        if (type == MuxMessageType.Failure)
            throw new SshException("mux_client_request_stop_listening: stop listening request failed: " + MuxClientConnection.ReadReason(body));
        if (!quiet) stderr.Write("Stop listening request sent.\r\n");
        return 0;
    }

    /// <summary>-O conninfo / -O channels (OpenSSH 10.3's EXT_INFO): text on stdout.</summary>
    public static async Task<int> InfoAsync(MuxClientConnection c, string name, TextWriter stdout, CancellationToken ct)
    {
        if (!c.MasterExtensions.Any(e => e.Name == "info"))
            throw new SshException("mux server does not support info request");
        uint rid = c.NextRequestId();
        await c.SendAsync(new ExtInfoRequest(rid, name).Encode(), ct).ConfigureAwait(false);
        var (type, body) = await c.ReadReplyAsync(rid, ct).ConfigureAwait(false);
        if (type != MuxMessageType.ExtInfoReply) throw new SshException($"unexpected reply 0x{type:x8} to info request");
        var r = new SshReader(body);
        r.ReadUInt32(); r.ReadUInt32();
        uint status = r.ReadUInt32();
        string text = r.ReadStringUtf8();
        if (status != 1) throw new SshException(text);
        stdout.Write(text);
        return 0;
    }
}
