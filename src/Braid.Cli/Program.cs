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
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours: say what failed in one line and exit as ssh does on fatal errors.
            StdErr.Writer.Write($"braid: internal error: {e.GetType().Name}: {e.Message}\r\n");
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
            return await Sharing.Router.RunAsync(args, cl, config, session, log, prompter).ConfigureAwait(false);
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
        // ssh takes the local user, "~", %d and ~/.ssh/config from getpwuid(getuid()), not from
        // $USER or $HOME (only Include's glob reads $HOME, through the request's environment).
        long uid = Posix.GetUid();
        var account = LocalAccount.Current();
        var req = new ConfigRequest
        {
            Host = cl.Destination.Host,
            CommandLineOptions = cl.Options.Select(o => (o.Keyword, o.Value)).ToList(),
            ConfigFile = cl.ConfigFile,
            LocalUser = account.UserName,
            HomeDirectory = account.HomeDirectory,
            LocalUserId = uid,
            Defaults = BraidDefaults.Create(),
            HasCommand = cl.Command != null,
            // Managed SHA-1 for %C: .NET's would load and initialise OpenSSL in every passenger.
            Sha1 = data =>
            {
                var d = new Org.BouncyCastle.Crypto.Digests.Sha1Digest();
                d.BlockUpdate(data, 0, data.Length);
                var h = new byte[20];
                d.DoFinal(h, 0);
                return h;
            },
            StdioForward = cl.StdioForward != null,
        };

        // While the files are read, ssh logs at the level the command line set (-q, -v, -o LogLevel;
        // first one wins), INFO by default: "Unsupported option" and the other errors show from ERROR
        // up, the final fatal line from FATAL up, nothing at QUIET. Lines end in "\r\n" on stderr.
        int level = (int)Braid.Config.LogLevel.Info;
        foreach (var o in cl.Options)
        {
            if (!o.Keyword.Equals("LogLevel", StringComparison.OrdinalIgnoreCase)) continue;
            level = o.Value.Trim().Trim('"').ToUpperInvariant() switch
            {
                "QUIET" or "SILENT" => (int)Braid.Config.LogLevel.Quiet,
                "FATAL" => (int)Braid.Config.LogLevel.Fatal,
                "ERROR" => (int)Braid.Config.LogLevel.Error,
                "VERBOSE" => (int)Braid.Config.LogLevel.Verbose,
                "DEBUG" or "DEBUG1" => (int)Braid.Config.LogLevel.Debug1,
                "DEBUG2" => (int)Braid.Config.LogLevel.Debug2,
                "DEBUG3" => (int)Braid.Config.LogLevel.Debug3,
                _ => level,
            };
            break;
        }
        SshConfig config;
        try
        {
            config = ConfigResolver.Resolve(req);
        }
        catch (ConfigException e) when (level < (int)Braid.Config.LogLevel.Error)
        {
            if (level < (int)Braid.Config.LogLevel.Fatal || e.Lines.Count == 0) Environment.Exit(e.ExitStatus);
            throw new ConfigException(e.Lines[^1]);
        }
        if (level >= (int)Braid.Config.LogLevel.Error)
            foreach (var w in config.Warnings) StdErr.Writer.Write(w + "\r\n");
        if (config.LogLevel >= Braid.Config.LogLevel.Debug3)
        {
            var raw = config.UserKnownHostsFilesRaw;
            var expanded = config.UserKnownHostsFiles;
            for (int i = 0; i < Math.Min(raw.Count, expanded.Count); i++)
                if (raw[i] != expanded[i]) StdErr.Writer.Write($"debug3: expanded UserKnownHostsFile '{raw[i]}' -> '{expanded[i]}'\r\n");
        }
        return config;
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
