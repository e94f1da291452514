using System.Runtime.InteropServices;
using Braid.Ssh;
using Braid.Ssh.Channels;
using Braid.Ssh.Logging;

namespace Braid.Cli;

/// <summary>
/// Runs the user's session on a direct connection the way OpenSSH's client_loop does: decides on a
/// pty, sends pty-req/env/exec, relays stdio with the escape filter, window changes, raw mode, and
/// turns the outcome into an exit code.
/// </summary>
internal sealed class SessionRunner
{
    private readonly SshConnection _connection;
    private readonly ClientSettings _s;
    private readonly SshLog _log;
    private readonly LocalTerminal _term;

    public SessionRunner(SshConnection connection, ClientSettings settings, SshLog log, LocalTerminal terminal)
    {
        _connection = connection;
        _s = settings;
        _log = log;
        _term = terminal;
    }

    /// <summary>OpenSSH's tty decision (ssh.c main), including its message when stdin is not a terminal.</summary>
    public static bool WantTty(ClientSettings s, bool stdinIsTty, SshLog log)
    {
        bool tty = s.RequestTty is TtyRequest.Yes or TtyRequest.Force;
        if (s.Command.Length == 0 && s.RemoteCommand == null && s.SessionType != SessionKind.Subsystem)
            tty = s.RequestTty != TtyRequest.No;
        if (s.RequestTty == TtyRequest.No || s.SessionType == SessionKind.None) tty = false;
        if ((!stdinIsTty || s.StdinNull) && s.RequestTty != TtyRequest.Force)
        {
            if (tty) log.Info("Pseudo-terminal will not be allocated because stdin is not a terminal.");
            tty = false;
        }
        return tty;
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        bool tty = WantTty(_s, _term.IsTty(0), _log);
        var ch = await _connection.OpenChannelAsync("session", default,
            tty ? SshConnection.DefaultWindow / 2 : SshConnection.DefaultWindow,
            tty ? SshConnection.DefaultMaxPacket / 2 : SshConnection.DefaultMaxPacket, ct).ConfigureAwait(false);
        if (_s.ForwardAgent) await ch.AgentForwardingAsync(ct).ConfigureAwait(false);
        if (tty)
        {
            var size = _term.WindowSize(0) ?? (80, 24, 0, 0);
            string term = Environment.GetEnvironmentVariable("TERM") ?? "";
            foreach (var kv in _s.SetEnv)
                if (kv.StartsWith("TERM=", StringComparison.Ordinal)) term = kv[5..];
            if (!await ch.PtyAsync(term, size.Cols, size.Rows, size.XPixels, size.YPixels, _term.EncodedModes(0), ct).ConfigureAwait(false))
            {
                _log.Error($"PTY allocation request failed on channel {ch.LocalId}");
                if (_s.RequestTty == TtyRequest.Force) { }
                tty = false;
            }
        }
        foreach (var (name, value) in SessionEnvironment.Collect(_s.SendEnv, _s.SetEnv, Environment.GetEnvironmentVariables()))
        {
            _log.Debug($"channel {ch.LocalId}: setting env {name} = \"{value}\"");
            await ch.EnvAsync(name, value, ct).ConfigureAwait(false);
        }

        string command = _s.RemoteCommand ?? _s.Command;
        bool ok;
        string what;
        if (_s.SessionType == SessionKind.Subsystem) { what = "subsystem"; ok = await ch.SubsystemAsync(command, true, ct).ConfigureAwait(false); }
        else if (command.Length > 0) { what = "exec"; _log.Debug($"Sending command: {command}"); ok = await ch.ExecAsync(command, true, ct).ConfigureAwait(false); }
        else { what = "shell"; ok = await ch.ShellAsync(true, ct).ConfigureAwait(false); }
        if (!ok)
        {
            _log.Error($"{what} request failed on channel {ch.LocalId}");
            await ch.SendCloseAsync().ConfigureAwait(false);
            return 255;
        }

        IDisposable? raw = tty ? _term.EnterRaw(0) : null;
        if (raw != null) _log.RawTerminal = true;
        using var winch = tty ? PosixSignalRegistration.Create(PosixSignal.SIGWINCH, ctx =>
        {
            ctx.Cancel = true;
            var sz = _term.WindowSize(0);
            if (sz != null) _ = ch.WindowChangeAsync(sz.Value.Cols, sz.Value.Rows, sz.Value.XPixels, sz.Value.YPixels);
        }) : null;

        bool userDisconnect;
        var escape = tty && _s.EscapeChar != null ? _term.CreateEscapeFilter(_s.EscapeChar.Value, ch, _connection, multiplexed: false) : null;
        try
        {
            var io = new SessionIo
            {
                ReadInput = _s.StdinNull ? null : _term.ReadStdin,
                WriteOutput = _term.WriteStdout,
                WriteError = _term.WriteStderr,
                Filter = escape,
            };
            var pump = SessionPump.RunAsync(ch, io, ct);
            var lost = _connection.Completion;
            await Task.WhenAny(pump, lost).ConfigureAwait(false);
            // The connection died under a running session. The session may look ended first only because the
            // connection failed (that closes its channel), so without an exit status the channel says why.
            bool endedByUser = pump.IsCompletedSuccessfully && pump.Result;
            bool diedWithConnection = ch.ExitStatus == null && !endedByUser && ch.ConnectionLostReason != null;
            if ((lost.IsCompleted && !pump.IsCompleted) || diedWithConnection)
            {
                try { await pump.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false); } catch (Exception) { }
                raw?.Dispose(); raw = null;
                _log.RawTerminal = false;
                throw ch.ConnectionLostReason ?? lost.Exception?.InnerException
                    ?? new SshException($"Connection to {_s.HostName} closed by remote host.");
            }
            userDisconnect = await pump.ConfigureAwait(false);
        }
        finally
        {
            raw?.Dispose();
            _log.RawTerminal = false;
        }
        if (tty) _log.Info(userDisconnect ? $"Connection to {_s.HostName} closed." : $"Connection to {_s.HostName} closed.");
        if (userDisconnect) return 255;
        if (ch.ExitStatus is int code) return code;
        return 255;
    }
}
