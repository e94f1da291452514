using System.Runtime.InteropServices;
using Braid.Mux.Protocol;
using Braid.Ssh;
using Braid.Ssh.Logging;
using Braid.Ssh.Wire;
using Braid.Unix;

namespace Braid.Mux.Client;

/// <summary>What a passenger asks the master for.</summary>
public sealed class PassengerRequest
{
    public bool WantTty { get; init; }
    public bool WantX11 { get; init; }
    public bool WantAgent { get; init; }
    public bool IsSubsystem { get; init; }
    public uint EscapeChar { get; init; } = MuxMessageType.NoEscapeChar;
    public string Term { get; init; } = "";
    public string Command { get; init; } = "";
    public IReadOnlyList<string> Environment { get; init; } = [];
    public bool StdinNull { get; init; }
    /// <summary>The expanded HostName, for "Shared connection to %s closed."</summary>
    public required string HostName { get; init; }
}

/// <summary>The outcome: an exit code, or "connect directly instead" as OpenSSH does after a refusal.</summary>
public readonly record struct PassengerResult(int ExitCode, bool FallBackToDirect);

/// <summary>
/// A passenger: hands stdin/stdout/stderr to the master with SCM_RIGHTS and waits for the exit code
/// (OpenSSH's mux_client_request_session). The master does all the I/O.
/// </summary>
public static class PassengerSession
{
    public static async Task<PassengerResult> RunAsync(MuxClientConnection c, PassengerRequest req, SshLog log, CancellationToken ct)
    {
        uint masterPid = await MuxControlCommands.AliveCheckAsync(c, ct).ConfigureAwait(false);
        uint rid = c.NextRequestId();
        var msg = new NewSessionRequest(rid, req.WantTty, req.WantX11, req.WantAgent, req.IsSubsystem, req.EscapeChar,
            req.Term, req.Command, req.Environment);
        await c.SendAsync(msg.Encode(), ct).ConfigureAwait(false);
        int stdin = 0;
        int devnull = -1;
        if (req.StdinNull) stdin = devnull = Posix.Open("/dev/null", OpenFlags.ReadOnly);
        try
        {
            FdPassing.SendFd(c.Socket, stdin);
            FdPassing.SendFd(c.Socket, 1);
            FdPassing.SendFd(c.Socket, 2);
        }
        finally
        {
            if (devnull >= 0) Posix.Close(devnull);
        }

        var (type, body) = await c.ReadReplyAsync(rid, ct).ConfigureAwait(false);
        switch (type)
        {
            case MuxMessageType.SessionOpened:
                break;
            case MuxMessageType.PermissionDenied:
                log.Error("Master refused session request: " + MuxClientConnection.ReadReason(body));
                return new PassengerResult(255, true);
            case MuxMessageType.Failure:
                log.Error("mux_client_request_session: session request failed: " + MuxClientConnection.ReadReason(body));
                return new PassengerResult(255, true);
            default:
                throw new SshException($"mux_client_request_session: unexpected response from master 0x{type:x8}");
        }
        log.Debug("mux_client_request_session: master session id: " + new SshReader(body.AsSpan(8)).ReadUInt32());

        // Raw mode only now that the master has read the terminal's real modes.
        IDisposable? raw = req.WantTty && Terminal.IsTty(0) ? RawMode.Enter(0) : null;
        if (raw != null) log.RawTerminal = true;
        // The wait below blocks on the control socket; a signal wakes it by shutting the socket down.
        var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var regs = new List<PosixSignalRegistration>();
        foreach (var sig in new[] { PosixSignal.SIGHUP, PosixSignal.SIGINT, PosixSignal.SIGTERM })
            regs.Add(PosixSignalRegistration.Create(sig, ctx => { ctx.Cancel = true; interrupted.TrySetResult(); c.Interrupt(); }));
        if (masterPid > 1)
            regs.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, ctx => { ctx.Cancel = true; Posix.Kill((int)masterPid, Signals.SIGWINCH); }));
        int? exit = null;
        try
        {
            var loop = ReadUntilEofAsync(c, raw, v => exit = v, log, ct);
            var done = await Task.WhenAny(loop, interrupted.Task).ConfigureAwait(false);
            if (done == interrupted.Task || interrupted.Task.IsCompleted) return new PassengerResult(255, false);
            await loop.ConfigureAwait(false);
        }
        finally
        {
            foreach (var r in regs) r.Dispose();
            raw?.Dispose();
            log.RawTerminal = false;
        }
        // No exit status also follows ~. or a remote killed by a signal; only a master that is gone (SIGKILL,
        // OOM) gets OpenSSH's debug2 words, at error level: a bare 255 explains nothing.
        if (exit == null && MuxClientConnection.NobodyListens(c.Path)) log.Error("Control master terminated unexpectedly");
        if (req.WantTty && raw != null) log.Info($"Shared connection to {req.HostName} closed.");
        return new PassengerResult(exit ?? 255, false);
    }

    /// <summary>-W through a master: stdin and stdout are passed; the exit code is 0 once the master closes.</summary>
    public static async Task<PassengerResult> RunStdioForwardAsync(MuxClientConnection c, string host, uint port, SshLog log, CancellationToken ct)
    {
        await MuxControlCommands.AliveCheckAsync(c, ct).ConfigureAwait(false);
        uint rid = c.NextRequestId();
        await c.SendAsync(new NewStdioForwardRequest(rid, host, port).Encode(), ct).ConfigureAwait(false);
        FdPassing.SendFd(c.Socket, 0);
        FdPassing.SendFd(c.Socket, 1);
        var (type, body) = await c.ReadReplyAsync(rid, ct).ConfigureAwait(false);
        if (type == MuxMessageType.PermissionDenied)
        {
            log.Error("Master refused stdio forwarding request: " + MuxClientConnection.ReadReason(body));
            return new PassengerResult(255, false);
        }
        if (type != MuxMessageType.SessionOpened)
        {
            log.Error("mux_client_request_stdio_fwd: stdio forwarding request failed: " + MuxClientConnection.ReadReason(body));
            return new PassengerResult(255, false);
        }
        var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var regs = new[] { PosixSignal.SIGHUP, PosixSignal.SIGINT, PosixSignal.SIGTERM }
            .Select(sig => PosixSignalRegistration.Create(sig, ctx => { ctx.Cancel = true; interrupted.TrySetResult(); c.Interrupt(); })).ToList();
        try
        {
            var loop = ReadUntilEofAsync(c, null, _ => { }, log, ct);
            if (await Task.WhenAny(loop, interrupted.Task).ConfigureAwait(false) == interrupted.Task || interrupted.Task.IsCompleted)
                return new PassengerResult(255, false);
            await loop.ConfigureAwait(false);
        }
        finally
        {
            foreach (var r in regs) r.Dispose();
        }
        return new PassengerResult(0, false);
    }

    private static async Task ReadUntilEofAsync(MuxClientConnection c, IDisposable? raw, Action<int> onExit, SshLog log, CancellationToken ct)
    {
        while (true)
        {
            (uint Type, byte[] Body)? m;
            try { m = await c.ReadAsync(ct).ConfigureAwait(false); }
            catch (IOException) { return; }
            catch (System.Net.Sockets.SocketException) { return; }
            if (m == null) return;
            var r = new SshReader(m.Value.Body);
            r.ReadUInt32();
            switch (m.Value.Type)
            {
                case MuxMessageType.ExitMessage:
                    r.ReadUInt32();
                    onExit((int)r.ReadUInt32());
                    break;
                case MuxMessageType.TtyAllocFail:
                    raw?.Dispose();
                    log.RawTerminal = false;
                    break;
                default:
                    throw new SshException($"mux_client_request_session: unexpected message 0x{m.Value.Type:x8}");
            }
        }
    }
}
