using System.Runtime.InteropServices;
using Braid.Cli.Background;
using Braid.Cli.Escapes;
using Braid.Config;
using Braid.Mux.Master;
using Braid.Ssh;
using Braid.Ssh.Logging;
using Braid.Unix;

namespace Braid.Cli.Sharing;

/// <summary>
/// A process that owns the connection and serves passengers on the ControlPath socket. A foreground
/// master runs its own session and then waits for its passengers, as OpenSSH's does; a -N or
/// ControlPersist master runs until -O exit, -O stop (then drains), a signal, the connection's end,
/// or — ControlPersist — the idle timeout, which only runs while no channel or passenger is open.
/// </summary>
internal static class MasterRunner
{
    public static async Task<int> RunAsync(SshConfig config, ClientSettings session, SshLog log, ConsolePrompter prompter,
        string? backgroundRole, Braid.Cli.CommandLine.ParsedCommandLine cl)
    {
        string path = config.ControlPath!;
        var settings = ClientFactory.Client(config, log, prompter, cl);
        await using var client = await SshClient.ConnectAsync(settings).ConfigureAwait(false);
        await using var ownForwards = await ForwardSetup.StartAsync(client.Connection, config, log).ConfigureAwait(false);
        var listener = ControlSocket.Listen(path, w => log.Error(w));
        bool persist = backgroundRole == BackgroundLauncher.RoleMaster;
        if (listener == null)
        {
            log.Error($"ControlSocket {path} already exists, disabling multiplexing");
            if (persist) { BackgroundLauncher.SignalReady(); return 0; }
            if (backgroundRole == BackgroundLauncher.RoleFork) BackgroundLauncher.Detach(keepStdout: session.SessionType != SessionKind.None);
            int own = await RunOwnSessionAsync(client, session, log).ConfigureAwait(false);
            await client.FinishHostKeyUpdateAsync(BraidDefaults.HostKeyUpdateGrace).ConfigureAwait(false);
            return own;
        }
        var master = new MuxMaster(listener, new ConnectionPool(client.Connection), new MasterOptions
        {
            ControlPath = path,
            HostName = config.HostName,
            Ask = config.ControlMaster is ControlMasterMode.Ask or ControlMasterMode.AutoAsk,
            SendEnv = config.SendEnv,
            SetEnv = config.SetEnv,
            ForwardAgent = config.ForwardAgent,
            RequireTty = config.RequestTty is RequestTtyMode.Yes or RequestTtyMode.Force,
            Log = log,
            Confirm = Prompt.Confirm,
        });
        master.EscapeFilterFactory = (s, esc) => new EscapeInputFilter(esc, s.Channel!, client.Connection, multiplexed: true,
            LogLevels.Info, s.WriteToPassengerStderr);
        master.Forwards.ListenOptions = ForwardSetup.ListenOptionsOf(config);
        ownForwards.MoveTo(master.Forwards);
        if (config.ControlPreopen > 0) master.Pool.EnablePreopen(config.ControlPreopen, log);
        master.Start();
        log.Debug($"setting up multiplex master socket");
        int code;
        try
        {
            if (backgroundRole != null)
            {
                // Authenticated and listening: leave the terminal and let the foreground process go on.
                bool keep = backgroundRole == BackgroundLauncher.RoleFork && session.SessionType != SessionKind.None;
                BackgroundLauncher.Detach(keepStdout: keep);
            }
            bool ownSession = !persist && session.SessionType != SessionKind.None;
            if (ownSession)
            {
                code = await RunOwnSessionAsync(client, session, log).ConfigureAwait(false);
                await WaitForPassengersAsync(master, client).ConfigureAwait(false);
            }
            else
            {
                code = await ServeAsync(master, client, persist ? config.ControlPersist : null, log).ConfigureAwait(false);
            }
        }
        finally
        {
            await master.DisposeAsync().ConfigureAwait(false);
            await master.Forwards.DisposeAsync().ConfigureAwait(false);
        }
        await client.FinishHostKeyUpdateAsync(BraidDefaults.HostKeyUpdateGrace).ConfigureAwait(false);
        try { await client.Connection.DisconnectAsync().ConfigureAwait(false); } catch (Exception) { }
        return code;
    }

    private static async Task<int> RunOwnSessionAsync(SshClient client, ClientSettings session, SshLog log)
    {
        using var terminal = new LocalTerminal();
        return await new SessionRunner(client.Connection, session, log, terminal).RunAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>After its own session, a foreground master stays until its passengers are gone.</summary>
    private static async Task WaitForPassengersAsync(MuxMaster master, SshClient client)
    {
        while (master.ClientCount > 0 && !client.Connection.Completion.IsCompleted && !master.Terminated.IsCompleted)
            await Task.WhenAny(Changed(master), client.Connection.Completion, master.Terminated).ConfigureAwait(false);
    }

    private static Task Changed(MuxMaster master)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler() { master.ActivityChanged -= Handler; tcs.TrySetResult(); }
        master.ActivityChanged += Handler;
        return Task.WhenAny(tcs.Task, Task.Delay(1000));
    }

    /// <summary>When, into an idle spell, memory is handed back (see ServeAsync).</summary>
    private static readonly TimeSpan[] IdleReleases = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(25)];

    private static async Task<int> ServeAsync(MuxMaster master, SshClient client, TimeSpan? idleTimeout, SshLog log)
    {
        var signalled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var regs = new List<PosixSignalRegistration>();
        foreach (var (sig, number) in new[] { (PosixSignal.SIGTERM, 15), (PosixSignal.SIGINT, 2), (PosixSignal.SIGHUP, 1) })
            regs.Add(PosixSignalRegistration.Create(sig, ctx => { ctx.Cancel = true; signalled.TrySetResult(number); }));
        try
        {
            DateTime idleSince = DateTime.UtcNow;
            // Two seconds into each idle spell (the first follows start-up), memory the spell left behind is
            // handed back: garbage first — the GC sizes its youngest generation from the CPU cache (16 MB and
            // more on a server) and an idle process allocates nothing, so no collection would otherwise run
            // and a burst of sessions would stay resident for good — then code and read-only pages no longer
            // in use (see StartupPages). One full collection of a master's small heap is cheap. It is done again
            // 25 s in: thread-pool workers a busy spell started retire after 20 idle seconds, and what they
            // ran on the way out and the heap they leave are then given back too.
            int released = 0;
            while (true)
            {
                if (released < IdleReleases.Length && DateTime.UtcNow - idleSince >= IdleReleases[released])
                {
                    released++;
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    log.Debug($"released {StartupPages.Release() / 1024} KiB of idle pages");
                }
                if (master.Terminated.IsCompleted) return 0;
                if (signalled.Task.IsCompleted)
                {
                    log.Verbose($"Killed by signal {signalled.Task.Result}."); // OpenSSH's clientloop says the same, at VERBOSE
                    return 255;
                }
                if (client.Connection.Completion.IsCompleted)
                {
                    // Say why when the connection knows (ServerAlive's "Timeout, server ... not responding.").
                    log.Error(client.Connection.Completion.Exception?.InnerException is SshException reason
                        ? reason.Message
                        : $"Connection to {master.Options.HostName} closed by remote host.");
                    return 255;
                }
                if (idleTimeout != null && master.Listening && !master.OwnsSocketPath)
                {
                    // OpenSSH's master never notices and, with ControlPersist=yes, lingers unreachable forever.
                    // Like -O stop: serve what is running, then go.
                    log.Info($"Control socket {master.Options.ControlPath} was removed or replaced; exiting once idle");
                    master.StopListening();
                }
                bool busy = master.ClientCount > 0 || master.Pool.OpenChannelCount > 0;
                if (!master.Listening && !busy) return 0;
                if (busy) { idleSince = DateTime.UtcNow; released = 0; }
                else if (idleTimeout is { } t && t > TimeSpan.Zero && DateTime.UtcNow - idleSince >= t)
                {
                    log.Debug("ControlPersist timeout expired");
                    return 0;
                }
                await Task.WhenAny(master.Terminated, signalled.Task, client.Connection.Completion, Changed(master),
                    Task.Delay(idleTimeout is { } w && w > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Math.Min(250, w.TotalMilliseconds / 4)) : TimeSpan.FromSeconds(1)))
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var r in regs) r.Dispose();
        }
    }
}
