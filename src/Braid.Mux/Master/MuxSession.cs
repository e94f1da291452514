using System.Text;
using Braid.Mux.Protocol;
using Braid.Ssh;
using Braid.Ssh.Channels;
using Braid.Ssh.Wire;
using Braid.Unix;

namespace Braid.Mux.Master;

/// <summary>
/// A passenger's session (or -W stdio forward) inside the master: the channel on the shared
/// connection, and the passenger's own descriptors that the master reads and writes itself.
/// </summary>
public sealed class MuxSession
{
    private readonly MuxMaster _master;
    private readonly ControlConnection _control;
    private readonly NewSessionRequest? _request;
    private readonly NewStdioForwardRequest? _stdio;
    private readonly int _stdinFd, _stdoutFd, _stderrFd;
    private readonly bool _tty;
    private SshChannel? _channel;
    private AsyncFd? _in, _out, _err;
    private readonly CancellationTokenSource _cts = new();
    // The EXIT_MESSAGE on its way to the passenger: the control connection must not close before it is written.
    private Task _exitSent = Task.CompletedTask;
    // Set once SESSION_OPENED is written: a quick command's exit-status can arrive before that reply is out,
    // and the passenger takes an EXIT_MESSAGE ahead of it for an out-of-sequence reply.
    private readonly TaskCompletionSource _openedSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SshChannel? Channel => _channel;
    public bool IsTty => _tty;
    public string Description => _stdio != null ? $"stdio forward to {_stdio.Host}:{_stdio.Port}" : (_request!.Command.Length > 0 ? _request.Command : "shell");

    internal MuxSession(MuxMaster master, ControlConnection control, NewSessionRequest request, int stdin, int stdout, int stderr)
    {
        _master = master;
        _control = control;
        _request = request;
        _stdinFd = stdin;
        _stdoutFd = stdout;
        _stderrFd = stderr;
        _tty = request.WantTty && Terminal.IsTty(stdin);
    }

    private MuxSession(MuxMaster master, ControlConnection control, NewStdioForwardRequest request, int stdin, int stdout)
    {
        _master = master;
        _control = control;
        _stdio = request;
        _stdinFd = stdin;
        _stdoutFd = stdout;
        _stderrFd = -1;
    }

    internal static MuxSession ForStdio(MuxMaster master, ControlConnection control, NewStdioForwardRequest req, int stdin, int stdout)
        => new(master, control, req, stdin, stdout);

    private uint RequestId => _request?.RequestId ?? _stdio!.RequestId;

    /// <summary>Opens the channel and sends the session requests; replies SESSION_OPENED or FAILURE.</summary>
    internal async Task<bool> OpenAsync(CancellationToken ct)
    {
        byte[]? modes = null;
        WindowSize? size = null;
        if (_tty)
        {
            // Read the terminal's modes now, before the passenger switches it to raw mode.
            modes = TerminalModes.EncodeForPtyReq(_stdinFd);
            size = Terminal.GetWindowSize(_stdinFd);
        }
        try
        {
            if (_stdio != null)
            {
                using var w = new SshWriter(64);
                if (_stdio.Port == MuxMessageType.PortStreamLocal)
                {
                    w.WriteString(_stdio.Host).WriteString("").WriteUInt32(0);
                    _channel = await _master.Pool.Primary.OpenChannelAsync("direct-streamlocal@openssh.com", w.ToArray(), ct: ct).ConfigureAwait(false);
                }
                else
                {
                    w.WriteString(_stdio.Host).WriteUInt32(_stdio.Port).WriteString("127.0.0.1").WriteUInt32(65535);
                    _channel = await _master.Pool.Primary.OpenChannelAsync("direct-tcpip", w.ToArray(), ct: ct).ConfigureAwait(false);
                }
            }
            else
            {
                _channel = await _master.Pool.OpenSessionAsync(_tty, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SshException or IOException)
        {
            _master.Log.Debug($"channel open failed: {e.Message}");
            CloseFds();
            await _control.SendAsync(MuxReplies.Failure(RequestId, e is ChannelOpenFailedException ? "Session open refused by peer" : e.Message), ct).ConfigureAwait(false);
            return false;
        }
        var ch = _channel;
        ch.ExitReceived += OnExit;
        if (_request != null)
        {
            if (_request.WantAgent && _master.Options.ForwardAgent) await ch.AgentForwardingAsync(ct).ConfigureAwait(false);
            if (_tty)
            {
                _ = PtyAsync(ch, size ?? new WindowSize(0, 0, 0, 0), modes ?? [0]);
            }
            foreach (var e in _request.Environment)
            {
                int eq = e.IndexOf('=');
                if (eq <= 0) continue;
                string name = e[..eq];
                if (!EnvPatterns.Matches(_master.Options.SendEnv, name)) continue;
                await ch.EnvAsync(name, e[(eq + 1)..], ct).ConfigureAwait(false);
            }
            foreach (var kv in _master.Options.SetEnv)
            {
                int eq = kv.IndexOf('=');
                if (eq > 0) await ch.EnvAsync(kv[..eq], kv[(eq + 1)..], ct).ConfigureAwait(false);
            }
            string what = _request.IsSubsystem ? "subsystem" : _request.Command.Length > 0 ? "exec" : "shell";
            Task<bool> started = _request.IsSubsystem ? ch.SubsystemAsync(_request.Command, true, ct)
                : _request.Command.Length > 0 ? ch.ExecAsync(_request.Command, true, ct)
                : ch.ShellAsync(true, ct);
            _ = StartedAsync(started, what);
        }
        try { await _control.SendAsync(MuxReplies.SessionOpened(RequestId, ch.LocalId), ct).ConfigureAwait(false); }
        finally { _openedSent.TrySetResult(); }
        return true;
    }

    private async Task PtyAsync(SshChannel ch, WindowSize sz, byte[] modes)
    {
        string term = _request!.Term;
        bool ok = await ch.PtyAsync(term, (uint)sz.Columns, (uint)sz.Rows, (uint)sz.XPixels, (uint)sz.YPixels, modes).ConfigureAwait(false);
        if (ok) return;
        await WriteStderrAsync("PTY allocation request failed\r\n").ConfigureAwait(false);
        try { await _control.SendAsync(MuxReplies.TtyAllocFail(ch.LocalId)).ConfigureAwait(false); } catch (Exception) { }
        if (_master.Options.RequireTty) await ch.SendCloseAsync().ConfigureAwait(false);
    }

    private async Task StartedAsync(Task<bool> started, string what)
    {
        bool ok;
        try { ok = await started.ConfigureAwait(false); } catch (Exception) { return; }
        if (ok) return;
        await WriteStderrAsync($"{what} request failed on channel {_channel!.LocalId}\r\n").ConfigureAwait(false);
        await _channel.SendCloseAsync().ConfigureAwait(false);
    }

    /// <summary>Text for the passenger's terminal (escape help, "~." notices): written to its stderr.</summary>
    public void WriteToPassengerStderr(byte[] text)
    {
        if (_stderrFd < 0) return;
        _ = WriteBytesAsync(text);
    }

    private async Task WriteBytesAsync(byte[] text)
    {
        try
        {
            _err ??= new AsyncFd(_stderrFd, ownsFd: false);
            await _err.WriteAsync(text, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception) { }
    }

    private async Task WriteStderrAsync(string text)
    {
        if (_stderrFd < 0) return;
        try
        {
            _err ??= new AsyncFd(_stderrFd, ownsFd: false);
            await _err.WriteAsync(Encoding.UTF8.GetBytes(text), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception) { }
    }

    private void OnExit(SshChannel ch)
    {
        if (ch.ExitStatus is int code)
            Volatile.Write(ref _exitSent, SendExitAsync(MuxReplies.ExitMessage(ch.LocalId, (uint)code)));
    }

    private async Task SendExitAsync(byte[] msg)
    {
        await _openedSent.Task.ConfigureAwait(false);
        await SendQuietlyAsync(msg).ConfigureAwait(false);
    }

    private async Task SendQuietlyAsync(byte[] msg)
    {
        try { await _control.SendAsync(msg).ConfigureAwait(false); } catch (Exception) { }
    }

    /// <summary>Pumps data until the channel closes, then closes the control connection.</summary>
    internal async Task RunAsync()
    {
        var ch = _channel!;
        try
        {
            _in = new AsyncFd(_stdinFd, ownsFd: true);
            _out = new AsyncFd(_stdoutFd, ownsFd: true);
            if (_stderrFd >= 0) { _err?.Dispose(); _err = new AsyncFd(_stderrFd, ownsFd: true); }
            var err = _err;
            IInputFilter? filter = null;
            if (_tty && _request != null && _request.EscapeChar != MuxMessageType.NoEscapeChar && _master.EscapeFilterFactory != null)
                filter = _master.EscapeFilterFactory(this, (char)_request.EscapeChar);
            var io = new SessionIo
            {
                ReadInput = (b, c) => _in.ReadAsync(b, c),
                WriteOutput = (b, c) => _out.WriteAsync(b, c),
                WriteError = err != null ? (b, c) => err.WriteAsync(b, c) : (b, c) => _out.WriteAsync(b, c),
                Filter = filter,
            };
            await SessionPump.RunAsync(ch, io, _cts.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _master.Log.Debug($"mux session: {e.Message}");
        }
        finally
        {
            // The connection is gone, so is this master: stop listening before the passenger sees EOF, so it
            // finds nobody there and says "Control master terminated unexpectedly" rather than a bare 255.
            if (ch.ExitStatus == null && ch.ConnectionLostReason != null) _master.StopListening();
            CloseFds();
            // exit-status comes before the channel's close, so OnExit has run by now; but its send may still wait
            // behind another write (SESSION_OPENED on a busy machine), and closing first would lose the exit code.
            await Volatile.Read(ref _exitSent).ConfigureAwait(false);
            _control.Close();
            _master.NotifyActivity();
        }
    }

    /// <summary>The passenger disconnected: close our end of the channel.</summary>
    internal async Task ClientGoneAsync()
    {
        if (_channel != null)
        {
            await _channel.SendEofAsync().ConfigureAwait(false);
            await _channel.SendCloseAsync().ConfigureAwait(false);
        }
        _cts.Cancel();
    }

    internal void OnWindowChange()
    {
        if (!_tty || _channel == null) return;
        var sz = Terminal.GetWindowSize(_stdinFd);
        if (sz is { } s) _ = _channel.WindowChangeAsync((uint)s.Columns, (uint)s.Rows, (uint)s.XPixels, (uint)s.YPixels);
    }

    /// <summary>~. in a multiplexed session closes this session only.</summary>
    public Task CloseAsync() => _channel?.SendCloseAsync().AsTask() ?? Task.CompletedTask;

    private int _fdsClosed;
    private void CloseFds()
    {
        if (Interlocked.Exchange(ref _fdsClosed, 1) != 0) return;
        // AsyncFd restores the descriptors' original flags before closing: they are shared with the passenger's terminal.
        if (_in != null) _in.Dispose(); else Posix.Close(_stdinFd);
        if (_out != null) _out.Dispose(); else Posix.Close(_stdoutFd);
        if (_stderrFd >= 0) { if (_err != null) _err.Dispose(); else Posix.Close(_stderrFd); }
    }
}
