using Braid.Config;
using Braid.Ssh.Channels;
using Braid.Ssh.Forwarding;
using Braid.Ssh.Logging;

namespace Braid.Cli;

/// <summary>
/// Sets up the -L/-R forwards of the configuration on a connection of our own (a direct client or
/// a master's own forwards), with OpenSSH's messages; ExitOnForwardFailure makes a failure fatal
/// before the session starts.
/// </summary>
internal static class ForwardSetup
{
    public static ForwardEndpoint ListenSide(Forward f) => f.ListenPath != null ? ForwardEndpoint.Unix(f.ListenPath) : ForwardEndpoint.Tcp(f.ListenHost, f.ListenPort);
    public static ForwardEndpoint ConnectSide(Forward f) => f.ConnectPath != null ? ForwardEndpoint.Unix(f.ConnectPath) : ForwardEndpoint.Tcp(f.ConnectHost, f.ConnectPort);

    public static ListenOptions ListenOptionsOf(SshConfig config) =>
        new(config.GatewayPorts, config.StreamLocalBindMask < 0 ? 0x3f : config.StreamLocalBindMask, config.StreamLocalBindUnlink);

    /// <summary>Starts every forward; the result closes the local listeners. Throws <see cref="ReportedException"/> under ExitOnForwardFailure.</summary>
    public static async Task<IAsyncDisposable> StartAsync(SshConnection connection, SshConfig config, SshLog log)
    {
        EnableAgentForwarding(connection, config, log);
        RemoteForwarder.For(connection, log).RemoteOpen = RemoteOpenPolicy.Parse(config.PermitRemoteOpen);
        var started = new Forwards();
        var options = ListenOptionsOf(config);
        try
        {
            foreach (var f in config.LocalForwards)
            {
                try
                {
                    started.Add(LocalForwarder.Start(() => connection, ListenSide(f), ConnectSide(f), options, log));
                }
                catch (ForwardBindException e)
                {
                    log.Error(e.Message);
                    if (f.ListenPath == null) log.Error($"channel_setup_fwd_listener_tcpip: cannot listen to port: {f.ListenPort}");
                    Fail(config, log, "Could not request local forwarding.");
                }
            }
            foreach (var f in config.DynamicForwards)
            {
                try
                {
                    started.Add(DynamicForwarder.Start(() => connection, ListenSide(f), options, log));
                }
                catch (ForwardBindException e)
                {
                    log.Error(e.Message);
                    log.Error($"channel_setup_fwd_listener_tcpip: cannot listen to port: {f.ListenPort}");
                    Fail(config, log, "Could not request dynamic forwarding.");
                }
            }
            foreach (var f in config.RemoteForwards)
                await StartRemoteAsync(connection, f, config, log).ConfigureAwait(false);
        }
        catch
        {
            await started.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return started;
    }

    private static async Task StartRemoteAsync(SshConnection connection, Forward f, SshConfig config, SshLog log)
    {
        var listen = ListenSide(f);
        var target = ConnectSide(f);
        int? port;
        try { port = await RemoteForwarder.For(connection, log).RequestAsync(listen, target, CancellationToken.None).ConfigureAwait(false); }
        catch (IOException) { port = null; }
        string what = f.ListenPath != null ? $"listen path {f.ListenPath}" : $"listen port {f.ListenPort}";
        if (port == null)
        {
            if (config.ExitOnForwardFailure)
            {
                log.Error($"Error: remote port forwarding failed for {what}");
                throw new ReportedException();
            }
            log.Error($"Warning: remote port forwarding failed for {what}");
            return;
        }
        if (f.ListenPath == null && f.ListenPort == 0)
            log.Info($"Allocated port {port} for remote forward to {(f.IsDynamic ? "socks:0" : target.ToString())}");
    }

    private static void Fail(SshConfig config, SshLog log, string message)
    {
        log.Error(message);
        if (config.ExitOnForwardFailure) throw new ReportedException();
    }

    private sealed class Forwards : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> _local = new();
        public void Add(IAsyncDisposable f) => _local.Add(f);
        public async ValueTask DisposeAsync()
        {
            foreach (var f in _local) await f.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>ForwardAgent: yes uses $SSH_AUTH_SOCK, a path (or $VAR) names the agent socket.</summary>
    public static void EnableAgentForwarding(SshConnection connection, SshConfig config, SshLog log)
    {
        if (!config.ForwardAgent) return;
        string? path = config.ForwardAgentSocket ?? Environment.GetEnvironmentVariable("SSH_AUTH_SOCK");
        // "ForwardAgent $NAME" names an environment variable holding the socket path.
        if (path != null && path.StartsWith('$') && !path.StartsWith("${", StringComparison.Ordinal))
            path = Environment.GetEnvironmentVariable(path[1..]);
        if (string.IsNullOrEmpty(path))
        {
            log.Debug("ForwardAgent: no agent socket (SSH_AUTH_SOCK unset)");
            return;
        }
        Braid.Ssh.Forwarding.AgentForwarder.Enable(connection, path, log);
    }
}
