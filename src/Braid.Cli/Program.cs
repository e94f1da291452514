using Braid.Cli.CommandLine;
using Braid.Config;
using Braid.Ssh;
using Braid.Ssh.Logging;
using Braid.Unix;
using SshLogLevel = Braid.Ssh.Logging.LogLevel;

namespace Braid.Cli;

public static class Program
{
    public const string Version = "Braid_0.1 (OpenSSH_9.9 compatible)";

    public static int Main(string[] args)
    {
        try
        {
            return Run(args).GetAwaiter().GetResult();
        }
        catch (CommandLineException e)
        {
            if (e.UserMessage != null) StdErr.Writer.Write(e.UserMessage + "\n");
            if (e.ShowUsage) StdErr.Writer.Write(Usage.Text);
            return 255;
        }
        catch (ConfigException e)
        {
            StdErr.Writer.Write(e.Message.EndsWith('\n') ? e.Message : e.Message + "\n");
            return 255;
        }
    }

    private static async Task<int> Run(string[] args)
    {
        var cl = CommandLineParser.Parse(args);
        if (cl.ShowVersion)
        {
            StdErr.Line(Version);
            return 0;
        }
        if (cl.Query != null) return QueryCommand.Run(cl.Query);

        var config = ResolveConfig(cl);
        if (cl.DumpConfig)
        {
            StdErr.Out.Write(config.DumpLikeSshG());
            return 0;
        }
        var log = CreateLog(config, cl);
        foreach (var missing in cl.MissingIdentityFiles)
            log.Info($"Warning: Identity file {missing} not accessible: No such file or directory.");
        var prompter = new ConsolePrompter(log, config.BatchMode);
        var session = ClientFactory.Session(config, cl.Command);
        try
        {
            return await DirectClient.RunAsync(config, session, cl, log, prompter).ConfigureAwait(false);
        }
        catch (ReportedException e)
        {
            return e.ExitCode;
        }
        catch (SshException e)
        {
            if (e.Message.Length > 0) log.Write(SshLogLevel.Error, e.Message);
            return 255;
        }
        catch (IOException e)
        {
            log.Write(SshLogLevel.Error, e is Braid.Ssh.Transport.ConnectionClosedException
                ? $"Connection to {config.HostName} port {config.Port}: {e.Message}"
                : e.Message);
            return 255;
        }
        catch (Braid.Ssh.SshProtocolException e)
        {
            log.Write(SshLogLevel.Error, $"ssh_dispatch_run_fatal: Connection to {config.HostName} port {config.Port}: {e.Message}");
            return 255;
        }
    }

    internal static SshConfig ResolveConfig(ParsedCommandLine cl)
    {
        string home = Environment.GetEnvironmentVariable("HOME") ?? "/";
        var req = new ConfigRequest
        {
            Host = cl.Host!,
            CommandLineOptions = cl.Options,
            ConfigFile = cl.ConfigFile,
            LocalUser = Environment.UserName,
            HomeDirectory = home,
            LocalUserId = Posix.GetUid(),
            Defaults = BraidDefaults.Create(),
            StdioForward = cl.StdioForward != null,
        };
        return ConfigResolver.Resolve(req);
    }

    internal static SshLog CreateLog(SshConfig config, ParsedCommandLine cl)
    {
        var level = (SshLogLevel)(int)config.LogLevel;
        TextWriter output = StdErr.Writer;
        if (cl.LogFile != null)
        {
            try
            {
                output = TextWriter.Synchronized(new StreamWriter(new FileStream(cl.LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                StdErr.Line($"Couldn't open logfile {cl.LogFile}: {e.Message}");
            }
        }
        return new SshLog(level, output);
    }
}
