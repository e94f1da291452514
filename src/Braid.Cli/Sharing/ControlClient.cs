using Braid.Cli.CommandLine;
using Braid.Config;
using Braid.Mux.Client;
using Braid.Mux.Protocol;
using Braid.Ssh;
using Braid.Ssh.Logging;

namespace Braid.Cli.Sharing;

/// <summary>The client side of connection sharing: -O commands and passenger sessions (OpenSSH's muxclient()).</summary>
internal static class ControlClient
{
    /// <summary>Runs an -O command. A master that cannot be reached is fatal, as in OpenSSH.</summary>
    public static async Task<int> RunCommandAsync(MultiplexCommand cmd, string path, SshConfig config, SshLog log)
    {
        var (conn, _, message) = MuxClientConnection.TryConnect(path);
        if (conn == null)
        {
            log.Error(message);
            return 255;
        }
        using (conn)
        {
            await conn.HelloAsync(CancellationToken.None).ConfigureAwait(false);
            bool quiet = log.Level < Braid.Ssh.Logging.LogLevel.Info;
            return cmd switch
            {
                MultiplexCommand.Check => await MuxControlCommands.CheckAsync(conn, StdErr.Writer, CancellationToken.None).ConfigureAwait(false),
                MultiplexCommand.Exit => await MuxControlCommands.ExitAsync(conn, StdErr.Writer, quiet, CancellationToken.None).ConfigureAwait(false),
                MultiplexCommand.Stop => await MuxControlCommands.StopAsync(conn, StdErr.Writer, quiet, CancellationToken.None).ConfigureAwait(false),
                MultiplexCommand.ConnInfo => await MuxControlCommands.InfoAsync(conn, "connection", StdErr.Out, CancellationToken.None).ConfigureAwait(false),
                MultiplexCommand.Channels => await MuxControlCommands.InfoAsync(conn, "channels", StdErr.Out, CancellationToken.None).ConfigureAwait(false),
                MultiplexCommand.Forward or MultiplexCommand.Cancel => await ForwardCommands.RunAsync(conn, cmd == MultiplexCommand.Forward, config, log).ConfigureAwait(false),
                _ => throw new SshException("Invalid multiplex command."),
            };
        }
    }

    /// <summary>
    /// -O proxy: the session runs here, over plain connection-layer packets that the master relays to the
    /// server — no descriptors are passed. The tty, escapes and window changes are this process's own.
    /// </summary>
    public static async Task<int> RunProxyAsync(string path, SshConfig config, ClientSettings session, SshLog log)
    {
        var (conn, _, message) = MuxClientConnection.TryConnect(path);
        if (conn == null)
        {
            log.Error(message);
            return 255;
        }
        await conn.HelloAsync(CancellationToken.None).ConfigureAwait(false);
        uint rid = conn.NextRequestId();
        await conn.SendAsync(new SimpleRequest(MuxMessageType.Proxy, rid).Encode(), CancellationToken.None).ConfigureAwait(false);
        var (type, body) = await conn.ReadReplyAsync(rid, CancellationToken.None).ConfigureAwait(false);
        if (type == MuxMessageType.PermissionDenied)
            throw new SshException("Master refused proxy request: " + MuxClientConnection.ReadReason(body));
        if (type != MuxMessageType.ProxyReply)
            throw new SshException("proxy request failed: " + (type == MuxMessageType.Failure ? MuxClientConnection.ReadReason(body) : $"unexpected reply 0x{type:x8}"));
        var transport = new MuxProxyTransport(conn.Socket, config.HostName);
        var connection = new Braid.Ssh.Channels.SshConnection(transport, log);
        connection.Start();
        try
        {
            if (session.SessionType == SessionKind.None)
            {
                try { await connection.Completion.ConfigureAwait(false); } catch (Exception) { }
                return 255;
            }
            using var terminal = new LocalTerminal();
            return await new SessionRunner(connection, session, log, terminal).RunAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>-W through a master (MUX_C_NEW_STDIO_FWD): stdin and stdout go to the master, which opens the channel.</summary>
    public static async Task<int?> TryStdioForwardAsync(string path, ControlMasterMode mode, string? host, int port, string? socketPath, SshLog log)
    {
        var (conn, error, message) = MuxClientConnection.TryConnect(path);
        if (conn == null)
        {
            if (error == ControlConnectError.Refused && mode is ControlMasterMode.Auto or ControlMasterMode.AutoAsk)
                Braid.Unix.Posix.TryUnlink(path);
            else if (error != ControlConnectError.NotFound) log.Error(message);
            return null;
        }
        using (conn)
        {
            await conn.HelloAsync(CancellationToken.None).ConfigureAwait(false);
            var r = await PassengerSession.RunStdioForwardAsync(conn, socketPath ?? host!, socketPath != null ? MuxMessageType.PortStreamLocal : (uint)port,
                log, CancellationToken.None).ConfigureAwait(false);
            return r.FallBackToDirect ? null : r.ExitCode;
        }
    }

    /// <summary>
    /// Tries to run the session as a passenger of an existing master. Returns null when there is no
    /// usable master (the caller connects itself, perhaps becoming the master), or the exit code.
    /// </summary>
    public static async Task<int?> TryPassengerAsync(string path, ControlMasterMode mode, SshConfig config, ClientSettings session, SshLog log)
    {
        var (conn, error, message) = MuxClientConnection.TryConnect(path);
        if (conn == null)
        {
            bool auto = mode is ControlMasterMode.Auto or ControlMasterMode.AutoAsk;
            if (error == ControlConnectError.Refused && auto)
            {
                log.Debug($"Stale control socket {path}, unlinking");
                Braid.Unix.Posix.TryUnlink(path);
            }
            else if (error == ControlConnectError.NotFound)
                log.Debug($"Control socket \"{path}\" does not exist");
            else
                log.Error(message);
            return null;
        }
        using (conn)
        {
            try
            {
                await conn.HelloAsync(CancellationToken.None, config.ConnectTimeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SshException or System.Net.Sockets.SocketException)
            {
                log.Debug("master hello exchange failed");
                return null;
            }
            bool stdinTty = Braid.Unix.Terminal.IsTty(0);
            bool tty = SessionRunner.WantTty(session, stdinTty, log);
            string term = Environment.GetEnvironmentVariable("TERM") ?? "";
            foreach (var kv in session.SetEnv)
                if (kv.StartsWith("TERM=", StringComparison.Ordinal)) term = kv[5..];
            var env = SessionEnvironment.Collect(session.SendEnv, session.SetEnv, Environment.GetEnvironmentVariables())
                .Select(e => e.Name + "=" + e.Value).ToList();
            var req = new PassengerRequest
            {
                WantTty = tty,
                WantAgent = session.ForwardAgent,
                IsSubsystem = session.SessionType == SessionKind.Subsystem,
                EscapeChar = session.EscapeChar is char c ? c : MuxMessageType.NoEscapeChar,
                Term = term,
                Command = session.RemoteCommand ?? session.Command,
                Environment = env,
                StdinNull = session.StdinNull,
                HostName = session.HostName,
            };
            if (await ForwardCommands.RunAsync(conn, true, config, log, printPorts: false).ConfigureAwait(false) != 0) return null; // as OpenSSH: forwards first; failure = own connection
            var result = await PassengerSession.RunAsync(conn, req, log, CancellationToken.None).ConfigureAwait(false);
            if (result.FallBackToDirect) return null;
            return result.ExitCode;
        }
    }
}
