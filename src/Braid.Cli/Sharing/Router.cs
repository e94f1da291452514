using Braid.Cli.Background;
using Braid.Cli.CommandLine;
using Braid.Config;
using Braid.Mux.Master;
using Braid.Ssh;
using Braid.Ssh.Logging;

namespace Braid.Cli.Sharing;

/// <summary>
/// Decides what this invocation is — control command, passenger, master, or a plain client — the way
/// OpenSSH's ssh.c/muxclient() decide, with two differences: a ControlPath too long for a master is
/// refused before connecting, and -O always talks to the master (OpenSSH ignores -O under ControlMaster yes).
/// </summary>
internal static class Router
{
    public static async Task<int> RunAsync(string[] args, ParsedCommandLine cl, SshConfig config, ClientSettings session,
        SshLog log, ConsolePrompter prompter)
    {
        string? role = BackgroundLauncher.Role;
        string? path = config.ControlPath is { } p && p != "none" ? p : null;
        var mode = config.ControlMaster;
        bool wantsMaster = mode is ControlMasterMode.Yes or ControlMasterMode.Ask or ControlMasterMode.Auto or ControlMasterMode.AutoAsk;

        if (cl.MultiplexCommand == MultiplexCommand.Proxy)
        {
            if (path == null) throw new SshException("No ControlPath specified for \"-O\" command");
            return await ControlClient.RunProxyAsync(path, config, session, log).ConfigureAwait(false);
        }
        if (cl.MultiplexCommand is { } cmd)
        {
            if (path == null) throw new SshException("No ControlPath specified for \"-O\" command");
            if (ControlSocket.CheckPathLength(path, asMaster: false) is { } err) throw new SshException(err);
            return await ControlClient.RunCommandAsync(cmd, path, config, log).ConfigureAwait(false);
        }

        if (path != null && role == null)
        {
            if (ControlSocket.CheckPathLength(path, asMaster: false) is { } err) throw new SshException(err);
            if (mode is ControlMasterMode.No or ControlMasterMode.Auto or ControlMasterMode.AutoAsk)
            {
                if (mode != ControlMasterMode.No) log.Debug("auto-mux: Trying existing master");
                var r = cl.StdioForward is { } w
                    ? await ControlClient.TryStdioForwardAsync(path, mode, w.Host, w.Port, w.Path, log).ConfigureAwait(false)
                    : await ControlClient.TryPassengerAsync(path, mode, config, session, log).ConfigureAwait(false);
                if (r is int code) return code;
            }
            if (wantsMaster && ControlSocket.CheckPathLength(path, asMaster: true) is { } merr) throw new SshException(merr);
        }

        bool becomeMaster = path != null && wantsMaster;
        if (role == null && becomeMaster && config.ControlPersist != null)
        {
            // ControlPersist: a background copy authenticates (here, on this terminal), then serves;
            // this process runs its own command as that master's first passenger.
            var (ready, _, exit) = BackgroundLauncher.Launch(BackgroundLauncher.RoleMaster, args);
            if (!ready) return exit;
            if (session.SessionType == SessionKind.None || session.ForkAfterAuthentication && session.SessionType == SessionKind.None)
                return 0;
            var r = await ControlClient.TryPassengerAsync(path!, ControlMasterMode.No, config, session, log).ConfigureAwait(false);
            if (r is int code) return code;
            throw new SshException("Failed to connect to new control master");
        }
        if (role == null && session.ForkAfterAuthentication)
        {
            if (session.SessionType != SessionKind.None && session.Command.Length == 0 && session.RemoteCommand == null)
                throw new SshException("Cannot fork into background without a command to execute.");
            var (ready, _, exit) = BackgroundLauncher.Launch(BackgroundLauncher.RoleFork, args);
            return ready ? 0 : exit;
        }
        if (becomeMaster)
            return await MasterRunner.RunAsync(config, session, log, prompter, role, cl).ConfigureAwait(false);
        return await DirectClient.RunAsync(config, session, log, prompter, role, cl).ConfigureAwait(false);
    }
}
