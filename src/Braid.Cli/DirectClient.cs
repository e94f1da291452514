using Braid.Config;
using Braid.Ssh;
using Braid.Ssh.Logging;

namespace Braid.Cli;

/// <summary>A client with its own connection (no sharing): connect, authenticate, run the session.</summary>
internal static class DirectClient
{
    public static async Task<int> RunAsync(SshConfig config, ClientSettings session, SshLog log, ConsolePrompter prompter, string? backgroundRole,
        Braid.Cli.CommandLine.ParsedCommandLine cl)
    {
        var settings = ClientFactory.Client(config, log, prompter, cl);
        await using var client = await SshClient.ConnectAsync(settings).ConfigureAwait(false);
        await using var forwards = cl.StdioForward is null ? await ForwardSetup.StartAsync(client.Connection, config, log).ConfigureAwait(false) : null;
        if (backgroundRole != null)
            Braid.Cli.Background.BackgroundLauncher.Detach(keepStdout: session.SessionType != SessionKind.None);
        if (cl.StdioForward is { } w)
            return await StdioForwarder.RunAsync(client.Connection, w.Host, w.Port, w.Path, log).ConfigureAwait(false);
        if (session.SessionType == SessionKind.None)
        {
            // -N: nothing to run; stay up until the connection ends (forwards live on it).
            try { await client.Connection.Completion.ConfigureAwait(false); }
            catch (Exception) { }
            return 255;
        }
        using var terminal = new LocalTerminal();
        int code = await new SessionRunner(client.Connection, session, log, terminal).RunAsync(CancellationToken.None).ConfigureAwait(false);
        await client.FinishHostKeyUpdateAsync(BraidDefaults.HostKeyUpdateGrace).ConfigureAwait(false);
        await client.Connection.DisconnectAsync().ConfigureAwait(false);
        return code;
    }
}
