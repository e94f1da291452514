using System.Globalization;

namespace Braid.Cli.CommandLine;

/// <summary>
/// What the flags seen so far have set: the implied config options plus the few things
/// that are not config keywords. One case per getopt letter, mirroring ssh.c's switch.
/// </summary>
internal sealed class FlagState(ParserEnvironment environment)
{
    // OpenSSH's SYSLOG_LEVEL_* order; -v steps through it.
    private static readonly string[] LogLevelNames = ["QUIET", "FATAL", "ERROR", "INFO", "VERBOSE", "DEBUG", "DEBUG2", "DEBUG3"];
    private const int Debug1 = 5, Debug3 = 7, Quiet = 0;

    private readonly List<string> _warnings = [];
    private int _logLevel = -1; // as set by -q/-v only; see Verbose()
    private int _debugFlag;
    private string? _configFile, _logFile;
    private bool _syslog, _dumpConfig;
    private MultiplexCommand? _muxCommand;
    private StdioForward? _stdioForward;

    public ParserEnvironment Environment { get; } = environment;
    public ImpliedOptions Options { get; } = new();

    public CommandLineFailed Fail(string standardError) => new(standardError) { Warnings = _warnings.ToArray() };

    private CommandLineFailed Fatal(string message) => Fail(message + "\r\n");

    /// <summary>Applies one option; returns a result when ssh would stop here (exit or error).</summary>
    public CommandLineResult? Apply(char letter, string? argument)
    {
        var arg = argument ?? "";
        switch (letter)
        {
            case '1': return Fatal("SSH protocol v.1 is no longer supported");
            case '2': break; // ignored
            case 'P': break; // deprecated no-op in 9.2 (the -P tag option came in 9.4)
            case '4': Options.Override("AddressFamily", "inet"); break;
            case '6': Options.Override("AddressFamily", "inet6"); break;
            case 'n': Options.Override("StdinNull", "yes"); break;
            case 'f':
                Options.Override("ForkAfterAuthentication", "yes");
                Options.Override("StdinNull", "yes");
                break;
            case 'x': Options.Override("ForwardX11", "no"); break;
            case 'X': Options.Override("ForwardX11", "yes"); break;
            case 'Y':
                Options.Override("ForwardX11", "yes");
                Options.Override("ForwardX11Trusted", "yes");
                break;
            case 'y': _syslog = true; break;
            case 'E': _logFile = arg; break;
            case 'G': _dumpConfig = true; break;
            case 'g': Options.Override("GatewayPorts", "yes"); break;
            case 'O': return MultiplexCommandFlag(arg);
            case 'Q':
                return QueryNames.Canonicalize(arg) is { } query
                    ? new CommandLineQueryRequested(query) { Warnings = _warnings.ToArray() }
                    : Fatal($"Unsupported query \"{arg}\"");
            case 'a': Options.Override("ForwardAgent", "no"); break;
            case 'A': Options.Override("ForwardAgent", "yes"); break;
            case 'k': Options.Override("GSSAPIDelegateCredentials", "no"); break;
            case 'K':
                Options.Override("GSSAPIAuthentication", "yes");
                Options.Override("GSSAPIDelegateCredentials", "yes");
                break;
            case 'i': IdentityFile(arg); break;
            case 'I': Options.Override("PKCS11Provider", arg); break;
            case 'J': return JumpFlag(arg);
            case 't':
                // -t after RequestTTY=yes (from -t or -o) forces; otherwise yes. So -ttt is yes.
                Options.Override("RequestTTY", IsYes(Options.FirstValue("RequestTTY")) ? "force" : "yes");
                break;
            case 'v': Verbose(); break;
            case 'V': return new CommandLineVersionRequested { Warnings = _warnings.ToArray() };
            case 'w':
                if (!TunnelDeviceArgument.IsValid(arg)) return Fail($"Bad tun device '{arg}'\n");
                Options.SetIfUnset("Tunnel", "yes");
                Options.Override("TunnelDevice", arg);
                break;
            case 'W': return StdioForwardFlag(arg);
            case 'q':
                _logLevel = Quiet;
                Options.Override("LogLevel", LogLevelNames[Quiet]);
                break;
            case 'e':
                if (!EscapeCharArgument.TryParse(arg, out _)) return Fail($"Bad escape character '{arg}'.\n");
                Options.Override("EscapeChar", arg);
                break;
            case 'c':
                if (!AlgorithmNames.IsValidCipherList(arg, Environment.KnownCiphers)) return Fail($"Unknown cipher type '{arg}'\n");
                Options.Override("Ciphers", arg);
                break;
            case 'm':
                if (!AlgorithmNames.IsValidMacList(arg, Environment.KnownMacs)) return Fail($"Unknown mac type '{arg}'\n");
                Options.Override("MACs", arg);
                break;
            case 'M':
                // Same toggle as -t: -M is yes, -MM ask, -MMM yes again.
                Options.Override("ControlMaster", IsYes(Options.FirstValue("ControlMaster")) ? "ask" : "yes");
                break;
            case 'p':
                // Only the first port counts, and a later bad one is not even checked.
                if (Options.IsSet("Port")) break;
                var port = PortNumber.Parse(arg, Environment.LookupTcpService);
                if (port <= 0) return Fail($"Bad port '{arg}'\n");
                Options.Append("Port", port.ToString(CultureInfo.InvariantCulture));
                break;
            case 'l': Options.SetIfUnset("User", arg); break;
            case 'L': return ForwardFlag(arg, "LocalForward", "local", dynamic: false, remote: false);
            case 'R': return RemoteForwardFlag(arg);
            case 'D': return ForwardFlag(arg, "DynamicForward", "dynamic", dynamic: true, remote: false);
            case 'C': Options.Override("Compression", "yes"); break;
            case 'N': return SessionTypeFlag("none", "Cannot specify -N with -s/SessionType");
            case 's': return SessionTypeFlag("subsystem", "Cannot specify -s with -N/SessionType");
            case 'T': Options.Override("RequestTTY", "no"); break;
            case 'o':
                if (DashOLine.TrySplit(arg, out var keyword, out var value)) Options.AppendFromDashO(keyword, value);
                break;
            case 'S': Options.Override("ControlPath", arg); break;
            case 'b': Options.Override("BindAddress", arg); break;
            case 'B': Options.Override("BindInterface", arg); break;
            case 'F': _configFile = arg; break;
            default: return Fail(UsageText.Text);
        }
        return null;
    }

    public CommandLineResult Finish(Destination destination, IReadOnlyList<string> commandWords)
    {
        // Checked on what the command line set, before any config file is read.
        if (Options.FirstValue("User") is { } user && !NameValidation.IsValidRemoteUser(user))
            return Fatal("remote username contains invalid characters");
        if (!NameValidation.IsValidHostname(destination.Host))
            return Fatal("hostname contains invalid characters");
        if (commandWords.Count == 0 && IsSessionType("subsystem"))
            return Fail("You must specify a subsystem to invoke.\n" + UsageText.Text);
        if (_syslog && _logFile is not null)
            return Fatal("Can't specify both -y and -E");

        return new CommandLineParsed(new ParsedCommandLine
        {
            Destination = destination,
            CommandWords = commandWords,
            Options = Options.Items.ToArray(),
            ConfigFile = _configFile,
            LogFile = _logFile,
            LogToSyslog = _syslog,
            DumpConfiguration = _dumpConfig,
            MultiplexCommand = _muxCommand,
            StdioForward = _stdioForward,
            Verbosity = _debugFlag,
        }) { Warnings = _warnings.ToArray() };
    }

    private void Verbose()
    {
        // ssh.c: the first -v sets DEBUG1 whatever came before; later ones step up to
        // DEBUG3 from the current level, so "-v -q -v" ends at FATAL (QUIET + 1).
        if (_debugFlag == 0)
        {
            _debugFlag = 1;
            _logLevel = Debug1;
        }
        else if (_logLevel < Debug3)
        {
            _debugFlag++;
            _logLevel++;
        }
        Options.Override("LogLevel", LogLevelNames[_logLevel]);
    }

    private void IdentityFile(string path)
    {
        var expanded = ExpandTilde(path);
        if (Environment.FileExists(expanded))
            Options.Append("IdentityFile", expanded);
        else
            _warnings.Add($"Warning: Identity file {expanded} not accessible: No such file or directory.");
    }

    // tilde_expand_filename() for the invoking user ("~" and "~/..."); "~user" is left alone.
    private string ExpandTilde(string path)
    {
        if (path == "~") return Environment.HomeDirectory;
        if (path.StartsWith("~/", StringComparison.Ordinal))
            return Environment.HomeDirectory.TrimEnd('/') + path[1..];
        return path;
    }

    private CommandLineResult? MultiplexCommandFlag(string arg)
    {
        if (_stdioForward is not null) return Fatal("Cannot specify multiplexing command with -W");
        if (_muxCommand is not null) return Fatal("Multiplexing command already specified");
        _muxCommand = arg switch
        {
            "check" => MultiplexCommand.Check,
            "forward" => MultiplexCommand.Forward,
            "exit" => MultiplexCommand.Exit,
            "stop" => MultiplexCommand.Stop,
            "cancel" => MultiplexCommand.Cancel,
            "proxy" => MultiplexCommand.Proxy,
            // OpenSSH 10.3's info requests; 9.2 rejects them, Braid's master answers them.
            "conninfo" => MultiplexCommand.ConnInfo,
            "channels" => MultiplexCommand.Channels,
            _ => null,
        };
        return _muxCommand is null ? Fatal("Invalid multiplex command.") : null;
    }

    private CommandLineResult? JumpFlag(string arg)
    {
        if (Options.IsSet("ProxyJump"))
            return Fatal("Only a single -J option is permitted (use commas to separate multiple jump hops)");
        if (Options.IsSet("ProxyCommand"))
            return Fatal("Cannot specify -J with ProxyCommand");
        if (JumpSpec.Validate(arg, Environment.LookupTcpService) is { } error)
            return Fail(error);
        Options.Append("ProxyJump", arg);
        return null;
    }

    private CommandLineResult? StdioForwardFlag(string arg)
    {
        if (_stdioForward is not null) return Fatal("stdio forward already specified");
        if (_muxCommand is not null) return Fatal("Cannot specify stdio forward with -O");
        var parsed = ForwardSpec.Parse(arg, dynamic: true, remote: false, Environment.LookupTcpService);
        if (parsed is null) return Fail($"Bad stdio forwarding specification '{arg}'\n");
        _stdioForward = new StdioForward(parsed.ListenHost, parsed.ListenPort, parsed.ListenPath);
        Options.Override("RequestTTY", "no");
        Options.Override("SessionType", "none");
        return null;
    }

    private CommandLineResult? ForwardFlag(string arg, string keyword, string kind, bool dynamic, bool remote)
    {
        var parsed = ForwardSpec.Parse(arg, dynamic, remote, Environment.LookupTcpService);
        if (parsed is null) return Fail($"Bad {kind} forwarding specification '{arg}'\n");
        Options.Append(keyword, parsed.ConfigValue);
        return null;
    }

    private CommandLineResult? RemoteForwardFlag(string arg)
    {
        // A full forward first, else a remote dynamic (SOCKS) forward "[bind:]port".
        var parsed = ForwardSpec.Parse(arg, dynamic: false, remote: true, Environment.LookupTcpService)
            ?? ForwardSpec.Parse(arg, dynamic: true, remote: true, Environment.LookupTcpService);
        if (parsed is null) return Fail($"Bad remote forwarding specification '{arg}'\n");
        Options.Append("RemoteForward", parsed.ConfigValue);
        return null;
    }

    private CommandLineResult? SessionTypeFlag(string type, string conflictMessage)
    {
        var current = Options.FirstValue("SessionType");
        if (current is not null && !string.Equals(current, type, StringComparison.OrdinalIgnoreCase))
            return Fatal(conflictMessage);
        Options.Override("SessionType", type);
        if (type == "none") Options.Override("RequestTTY", "no");
        return null;
    }

    private bool IsSessionType(string type) =>
        string.Equals(Options.FirstValue("SessionType"), type, StringComparison.OrdinalIgnoreCase);

    // The multistate tables for RequestTTY and ControlMaster both read "yes" and "true" as yes.
    private static bool IsYes(string? value) =>
        value is not null && (value.Equals("yes", StringComparison.OrdinalIgnoreCase) ||
                              value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
