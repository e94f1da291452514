namespace Braid.Cli.CommandLine;

/// <summary>
/// OpenSSH 9.2's argument parsing (ssh.c main): getopt over
/// "1246ab:c:e:fgi:kl:m:no:p:qstvxAB:CD:E:F:GI:J:KL:MNO:PQ:R:S:TVw:W:XYy", restarted after the destination so
/// options may follow it until the first word of the command.
/// </summary>
public static class CommandLineParser
{
    private const string WithArgument = "bceiIlmopBDEFIJLOQRSwW";
    private const string Flags = "1246afgknqstvxACGKMNPTVXYy";

    public static ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        var r = new ParsedCommandLine();
        // Directly-assigned settings: the last flag wins, and they beat -o (ssh sets them before reading -o values).
        var direct = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var directOrder = new List<string>();
        void Set(string k, string v) { if (!direct.ContainsKey(k)) directOrder.Add(k); direct[k] = v; }
        var ordered = new List<(string, string)>();
        int tty = 0, master = 0;
        bool optTerminated = false;
        int i = 0;
        while (true)
        {
            while (i < args.Count)
            {
                string a = args[i];
                if (a == "--") { i++; optTerminated = true; break; }
                if (a.Length < 2 || a[0] != '-') break;
                i++;
                for (int j = 1; j < a.Length; j++)
                {
                    char c = a[j];
                    if (WithArgument.Contains(c))
                    {
                        string value;
                        if (j + 1 < a.Length) value = a[(j + 1)..];
                        else if (i < args.Count) value = args[i++];
                        else throw new CommandLineException($"option requires an argument -- {c}");
                        Option(c, value, r, Set, ordered);
                        break;
                    }
                    if (!Flags.Contains(c)) throw new CommandLineException($"unknown option -- {c}");
                    switch (c)
                    {
                        case '1': throw new CommandLineException("SSH protocol v.1 is no longer supported", showUsage: false);
                        case '2': case 'P': break;
                        case '4': Set("AddressFamily", "inet"); break;
                        case '6': Set("AddressFamily", "inet6"); break;
                        case 'n': Set("StdinNull", "yes"); break;
                        case 'f': Set("ForkAfterAuthentication", "yes"); Set("StdinNull", "yes"); break;
                        case 'x': Set("ForwardX11", "no"); break;
                        case 'X': Set("ForwardX11", "yes"); break;
                        case 'Y': Set("ForwardX11", "yes"); Set("ForwardX11Trusted", "yes"); break;
                        case 'g': Set("GatewayPorts", "yes"); break;
                        case 'a': Set("ForwardAgent", "no"); break;
                        case 'A': Set("ForwardAgent", "yes"); break;
                        case 'k': Set("GSSAPIDelegateCredentials", "no"); break;
                        case 'K': Set("GSSAPIAuthentication", "yes"); Set("GSSAPIDelegateCredentials", "yes"); break;
                        case 'q': r.Quiet = true; Set("LogLevel", "QUIET"); break;
                        case 'v':
                            r.Verbosity++;
                            Set("LogLevel", r.Verbosity switch { 1 => "DEBUG1", 2 => "DEBUG2", _ => "DEBUG3" });
                            break;
                        case 'V': r.ShowVersion = true; break;
                        case 'G': r.DumpConfig = true; break;
                        case 'C': Set("Compression", "yes"); break;
                        case 'M': master++; Set("ControlMaster", master >= 2 ? "ask" : "yes"); break;
                        case 'N': Set("SessionType", "none"); break;
                        case 's': Set("SessionType", "subsystem"); break;
                        case 'T': Set("RequestTTY", "no"); tty = 0; break;
                        case 't': tty++; Set("RequestTTY", tty >= 2 ? "force" : "yes"); break;
                        case 'y': r.LogToSyslog = true; break;
                    }
                }
            }
            if (r.Host != null) break;
            if (r.ShowVersion || r.Query != null) return r;
            if (i >= args.Count) throw new CommandLineException(null);
            Destination(args[i++], r, ordered);
            if (optTerminated || i >= args.Count) break;
        }
        r.Command = string.Join(' ', args.Skip(i));
        foreach (var k in directOrder) r.Options.Add((k, direct[k]));
        r.Options.AddRange(ordered);
        if (direct.TryGetValue("SessionType", out var st) && st == "subsystem" && r.Command.Length == 0 && r.StdioForward == null)
            throw new CommandLineException("You must specify a subsystem to invoke.");
        return r;
    }

    private static void Option(char c, string v, ParsedCommandLine r, Action<string, string> set, List<(string, string)> ordered)
    {
        switch (c)
        {
            case 'b': set("BindAddress", v); break;
            case 'B': set("BindInterface", v); break;
            case 'c': set("Ciphers", v); break;
            case 'm': set("MACs", v); break;
            case 'e': set("EscapeChar", EscapeChar(v)); break;
            case 'E': r.LogFile = v; break;
            case 'F': r.ConfigFile = v; break;
            case 'I': set("PKCS11Provider", v); break;
            case 'S': set("ControlPath", v); break;
            case 'J':
                if (r.Options.Any(o => o.Keyword == "ProxyJump") || ordered.Any(o => o.Item1 == "ProxyJump"))
                    throw new CommandLineException("Only a single -J option is permitted", showUsage: false);
                ordered.Add(("ProxyJump", v));
                break;
            case 'i':
                var path = v.StartsWith("~/", StringComparison.Ordinal)
                    ? Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/", v[2..]) : v;
                if (!File.Exists(path) && !Directory.Exists(path)) { r.MissingIdentityFiles.Add(v); break; }
                ordered.Add(("IdentityFile", v));
                break;
            case 'l': ordered.Add(("User", v)); break;
            case 'p':
                if (!int.TryParse(v, out int port) || port <= 0 || port > 65535)
                    throw new CommandLineException($"Bad port '{v}'", showUsage: false);
                ordered.Add(("Port", v));
                break;
            case 'o': ordered.Add(SplitOption(v)); break;
            case 'L': ordered.Add(("LocalForward", v)); break;
            case 'R': ordered.Add(("RemoteForward", v)); break;
            case 'D': ordered.Add(("DynamicForward", v)); break;
            case 'O': r.ControlCommand = v; break;
            case 'Q': r.Query = v; break;
            case 'W':
                if (r.StdioForward != null) throw new CommandLineException("stdio forward already specified", showUsage: false);
                r.StdioForward = v;
                set("ClearAllForwardings", "yes");
                set("ExitOnForwardFailure", "yes");
                set("RequestTTY", "no");
                set("SessionType", "none");
                break;
            case 'w': set("Tunnel", "yes"); set("TunnelDevice", v); break;
        }
    }

    /// <summary>"-o Key=Value" or "-o 'Key Value'": the keyword and the rest, as the config parser expects.</summary>
    public static (string, string) SplitOption(string s)
    {
        s = s.Trim();
        int k = 0;
        while (k < s.Length && s[k] != '=' && s[k] != ' ' && s[k] != '\t') k++;
        string key = s[..k];
        string rest = s[k..].TrimStart(' ', '\t');
        if (rest.StartsWith('=')) rest = rest[1..].TrimStart(' ', '\t');
        return (key, rest);
    }

    /// <summary>-e: "none", a single character, or ^X for a control character.</summary>
    public static string EscapeChar(string v)
    {
        if (v == "none" || v.Length == 1) return v;
        if (v.Length == 2 && v[0] == '^') return v;
        throw new CommandLineException($"Bad escape character '{v}'.", showUsage: false);
    }

    /// <summary>user@host (the last '@' splits) or ssh://[user@]host[:port].</summary>
    private static void Destination(string d, ParsedCommandLine r, List<(string, string)> ordered)
    {
        if (d.StartsWith("ssh://", StringComparison.Ordinal))
        {
            string rest = d[6..];
            if (rest.EndsWith('/')) rest = rest[..^1];
            if (rest.Contains('/') || rest.Length == 0) throw new CommandLineException(null);
            string? user = null;
            int at = rest.LastIndexOf('@');
            if (at >= 0) { user = Uri.UnescapeDataString(rest[..at]); rest = rest[(at + 1)..]; if (user.Contains(';')) user = user[..user.IndexOf(';')]; }
            string host = rest;
            string? port = null;
            if (rest.StartsWith('['))
            {
                int close = rest.IndexOf(']');
                if (close < 0) throw new CommandLineException(null);
                host = rest[1..close];
                if (close + 1 < rest.Length) { if (rest[close + 1] != ':') throw new CommandLineException(null); port = rest[(close + 2)..]; }
            }
            else if (rest.IndexOf(':') is int colon && colon >= 0)
            {
                host = rest[..colon];
                port = rest[(colon + 1)..];
            }
            if (host.Length == 0) throw new CommandLineException(null);
            if (port != null && (!int.TryParse(port, out int p) || p <= 0 || p > 65535)) throw new CommandLineException(null);
            r.Host = host;
            if (user != null) ordered.Add(("User", user));
            if (port != null) ordered.Add(("Port", port));
            return;
        }
        int idx = d.LastIndexOf('@');
        if (idx == 0) throw new CommandLineException(null);
        if (idx > 0)
        {
            ordered.Add(("User", d[..idx]));
            r.Host = d[(idx + 1)..];
        }
        else r.Host = d;
        if (r.Host.Length == 0) throw new CommandLineException(null);
    }
}
