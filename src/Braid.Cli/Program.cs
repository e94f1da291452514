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
    private static readonly IReadOnlySet<string> CipherNames = Braid.Ssh.Transport.Ciphers.CipherRegistry.SupportedCiphers.ToHashSet();
    private static readonly IReadOnlySet<string> MacNames = Braid.Ssh.Transport.Ciphers.CipherRegistry.SupportedMacs.ToHashSet();

    public static int Main(string[] args)
    {
        try
        {
            return Run(args).GetAwaiter().GetResult();
        }
        catch (ConfigException e)
        {
            StdErr.Writer.Write(e.Message.EndsWith('\n') ? e.Message : e.Message + "\n");
            return 255;
        }
    }

    private static async Task<int> Run(string[] args)
    {
        var result = CommandLineParser.Parse(args, ParserEnvironment.FromSystem() with
        {
            KnownCiphers = CipherNames,
            KnownMacs = MacNames,
        });
        foreach (var w in result.Warnings) StdErr.Writer.Write(w + "\n");
        ParsedCommandLine cl;
        switch (result)
        {
            case CommandLineVersionRequested:
                StdErr.Line(Version);
                return 0;
            case CommandLineQueryRequested q:
                return QueryCommand.Run(q.Query);
            case CommandLineFailed f:
                StdErr.Writer.Write(f.StandardError);
                return f.ExitCode;
            case CommandLineParsed p:
                cl = p.CommandLine;
                break;
            default:
                return 255;
        }

        var config = ResolveConfig(cl);
        if (cl.DumpConfiguration)
        {
            StdErr.Out.Write(config.DumpLikeSshG());
            return 0;
        }
        var log = CreateLog(config, cl);
        var prompter = new ConsolePrompter(log, config.BatchMode);
        var session = ClientFactory.Session(config, cl.Command ?? "");
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
            Host = cl.Destination.Host,
            CommandLineOptions = cl.Options.Select(o => (o.Keyword, o.Value)).ToList(),
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
