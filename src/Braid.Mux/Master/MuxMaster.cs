using System.Net.Sockets;
using System.Runtime.InteropServices;
using Braid.Mux.Protocol;
using Braid.Ssh.Logging;
using Braid.Unix;

namespace Braid.Mux.Master;

/// <summary>
/// A connection-sharing master: accepts control connections on the ControlPath socket and serves each
/// in its own task, so no passenger — slow, hostile or gone — can stall another or the master.
/// </summary>
public sealed class MuxMaster : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _lock = new();
    private readonly HashSet<ControlConnection> _clients = new();
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration? _winch;
    private Task? _acceptLoop;
    private bool _listening = true;
    private readonly DateTime? _socketIdentity;

    public MasterOptions Options { get; }
    /// <summary>Makes the escape filter for a tty session (the CLI supplies it; ~. closes that session only).</summary>
    public Func<MuxSession, char, Braid.Ssh.Channels.IInputFilter>? EscapeFilterFactory { get; set; }
    /// <summary>Forwards opened through this master (-O forward, passengers' -L/-R/-D).</summary>
    public ForwardManager Forwards { get; }
    public ConnectionPool Pool { get; }
    public SshLog Log => Options.Log;
    public int Pid { get; } = Environment.ProcessId;
    public DateTime Started { get; } = DateTime.UtcNow;
    /// <summary>Completes on -O exit (TERMINATE).</summary>
    public Task Terminated => _terminated.Task;
    public bool Listening => _listening;
    /// <summary>Raised when the control-connection count or the channel count changes (ControlPersist's idle timer).</summary>
    public event Action? ActivityChanged;

    public MuxMaster(Socket listener, ConnectionPool pool, MasterOptions options)
    {
        _listener = listener;
        Pool = pool;
        Options = options;
        Forwards = new ForwardManager(this);
        _socketIdentity = ControlSocket.Identity(options.ControlPath);
        _winch = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, ctx =>
        {
            ctx.Cancel = true;
            foreach (var c in Clients) c.OnWindowChange();
        });
    }

    public IReadOnlyCollection<ControlConnection> Clients { get { lock (_lock) return _clients.ToArray(); } }
    public int ClientCount { get { lock (_lock) return _clients.Count; } }

    public void Start() => _acceptLoop = Task.Run(AcceptLoopAsync);

    private async Task AcceptLoopAsync()
    {
        uint myUid = Posix.GetUid();
        while (!_stop.IsCancellationRequested)
        {
            Socket s;
            try
            {
                s = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { break; }
            catch (ObjectDisposedException) { break; }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
            {
                // EMFILE/ENFILE: back off as OpenSSH does rather than spin.
                try { await Task.Delay(1000, _stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { break; }
                continue;
            }
            catch (SocketException) { continue; }
            // Only our own uid or root may use the connection; others are closed before HELLO.
            var cred = PeerCredentials.Get(s);
            if (cred.Uid != myUid && cred.Uid != 0)
            {
                Log.Error($"multiplex uid mismatch: peer euid {cred.Uid} != uid {myUid}");
                s.Dispose();
                continue;
            }
            var c = new ControlConnection(this, s);
            lock (_lock) _clients.Add(c);
            ActivityChanged?.Invoke();
            _ = RunClientAsync(c);
        }
    }

    private async Task RunClientAsync(ControlConnection c)
    {
        try { await c.RunAsync(_stop.Token).ConfigureAwait(false); }
        catch (Exception e) { Log.Debug($"control client: {e.Message}"); }
        finally
        {
            c.Dispose();
            lock (_lock) _clients.Remove(c);
            ActivityChanged?.Invoke();
        }
    }

    internal void NotifyActivity() => ActivityChanged?.Invoke();

    /// <summary>False once the ControlPath no longer names this master's socket: removed (rm, a tmp cleaner)
    /// or replaced by another master's. No passenger can reach this master then.</summary>
    public bool OwnsSocketPath => _listening && _socketIdentity is { } id && ControlSocket.Identity(Options.ControlPath) == id;

    /// <summary>-O stop: no new passengers; running sessions continue.</summary>
    public void StopListening()
    {
        if (!_listening) return;
        bool ours = OwnsSocketPath; // never unlink another master's socket that took the path
        _listening = false;
        try { _listener.Dispose(); } catch (Exception) { }
        if (ours) Posix.TryUnlink(Options.ControlPath);
        ActivityChanged?.Invoke();
    }

    /// <summary>-O exit.</summary>
    public void Terminate() => _terminated.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        StopListening();
        _winch?.Dispose();
        foreach (var c in Clients) c.Dispose();
        if (_acceptLoop != null) { try { await _acceptLoop.ConfigureAwait(false); } catch (Exception) { } }
    }
}
