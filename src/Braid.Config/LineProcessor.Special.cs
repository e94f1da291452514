namespace Braid.Config;

/// <summary>Keywords with a value syntax of their own.</summary>
internal static partial class LineProcessor
{
    private static int Port(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        int value = ValueParsers.ParsePort(arg);
        if (value <= 0) return l.Error($"{l.At} Bad port '{arg}'.");
        if (l.Active && l.O.Port == -1) l.O.Port = value;
        return 0;
    }

    private static int RekeyLimit(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        long val;
        if (arg == "default") val = 0;
        else
        {
            var err = ValueParsers.ScanScaled(arg, out val);
            if (err is not null) return l.Error($"{l.At} Bad number '{arg}': {err}");
            if (val != 0 && val < 16) return l.Error($"{l.At} RekeyLimit too small");
        }
        if (l.Active && l.O.RekeyLimit == -1) l.O.RekeyLimit = val;
        if (l.A.Remaining != 0)
        {
            if (l.A.Peek() == "none")
            {
                l.A.Next();
                return 0;
            }
            return Time(l, ref l.O.RekeyInterval);
        }
        return 0;
    }

    public const int EscapeNone = -2;

    private static int EscapeChar(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        int value;
        if (arg == "none") value = EscapeNone;
        else if (arg.Length == 1) value = arg[0];
        else if (arg[0] == '^' && arg.Length == 2 && arg[1] >= 64 && arg[1] < 128) value = arg[1] & 31;
        else return l.Error($"{l.At} Bad escape character.");
        if (l.Active && l.O.EscapeChar == -1) l.O.EscapeChar = value;
        return 0;
    }

    private static int ControlPersist(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing ControlPersist argument.");
        int value, timeout = 0;
        // Case-sensitive on purpose: readconf.c uses strcmp here, so "Yes" is read as a time and rejected.
        if (arg is "no" or "false") value = 0;
        else if (arg is "yes" or "true") value = 1;
        else if ((timeout = ValueParsers.ConvTime(arg)) >= 0) value = 1;
        else return l.Error($"{l.At} Bad ControlPersist argument.");
        if (l.Active && l.O.ControlPersist == -1)
        {
            l.O.ControlPersist = value;
            l.O.ControlPersistTimeout = timeout;
        }
        return 0;
    }

    private static int TunnelDevice(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        int value = ValueParsers.ParseTun(arg, out var remote);
        if (value == ValueParsers.TunIdErr) return l.Error($"{l.At} Bad tun device.");
        if (l.Active && l.O.TunLocal == -1)
        {
            l.O.TunLocal = value;
            l.O.TunRemote = remote;
        }
        return 0;
    }

    private static int IpQos(Line l)
    {
        var arg = l.A.Next();
        int value = NamedValues.ParseIpQos(arg);
        if (value == -1) return l.Error($"{l.File} line {l.Num}: Bad IPQoS value: {arg}");
        arg = l.A.Next();
        int value2;
        if (arg is null) value2 = value;
        else if ((value2 = NamedValues.ParseIpQos(arg)) == -1) return l.Error($"{l.File} line {l.Num}: Bad IPQoS value: {arg}");
        if (l.Active && l.O.IpQosInteractive == -1)
        {
            l.O.IpQosInteractive = value;
            l.O.IpQosBulk = value2;
        }
        return 0;
    }

    private static int LogLevel(Line l)
    {
        var arg = l.A.Next();
        int value = NamedValues.ParseLogLevel(arg);
        if (value == -1) return l.Error($"{l.At} unsupported log level '{arg ?? "<NONE>"}'");
        if (l.Active && l.O.LogLevel == -1) l.O.LogLevel = value;
        return 0;
    }

    private static int Facility(Line l)
    {
        var arg = l.A.Next();
        int value = NamedValues.ParseFacility(arg);
        if (value == -1) return l.Error($"{l.At} unsupported log facility '{arg ?? "<NONE>"}'");
        // readconf.c does not check the active flag here: the first SyslogFacility anywhere wins.
        if (l.O.LogFacility == -1) l.O.LogFacility = value;
        return 0;
    }

    private static int BindMask(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing StreamLocalBindMask argument.");
        // strtol(arg, &end, 8): leading blanks and a sign allowed, trailing junk ignored.
        int i = 0;
        while (i < arg.Length && ValueParsers.IsCSpace(arg[i])) i++;
        bool neg = false;
        if (i < arg.Length && (arg[i] == '+' || arg[i] == '-')) { neg = arg[i] == '-'; i++; }
        int start = i;
        long value = 0;
        while (i < arg.Length && arg[i] >= '0' && arg[i] <= '7' && value <= 0x7fffffff) value = value * 8 + (arg[i++] - '0');
        if (neg) value = -value;
        if (i == start || value < 0 || value > 511) return l.Error($"{l.At} Bad mask.");
        // readconf.c assigns unconditionally (no active or first-wins check): the last one read wins.
        l.O.StreamLocalBindMask = (int)value;
        return 0;
    }

    private static int FingerprintHash(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        int value = NamedValues.ParseDigest(arg);
        if (value == -1) return l.Error($"{l.At} Invalid hash algorithm \"{arg}\".");
        if (l.Active && l.O.FingerprintHash == -1) l.O.FingerprintHash = value;
        return 0;
    }

    private static int AddKeysToAgent(Line l)
    {
        var arg = l.A.Next();
        var arg2 = l.A.Next();
        int value;
        if (string.IsNullOrEmpty(arg))
        {
            l.S.Diagnostics.Add($"{l.At} missing argument.");
            value = -1;
        }
        else value = Multistate.Parse(Multistate.YesNoAskConfirm, arg);
        int lifespan = 0;
        if (value == 3 && arg2 is not null)
        {
            if ((lifespan = ValueParsers.ConvTime(arg2)) == -1) return l.Error($"{l.At} invalid time value.");
        }
        else if (value == -1 && arg2 is null)
        {
            if ((lifespan = ValueParsers.ConvTime(arg)) == -1) return l.Error($"{l.At} unsupported option");
            value = 1;
        }
        else if (value == -1 || arg2 is not null) return l.Error($"{l.At} unsupported option");
        if (l.Active && l.O.AddKeysToAgent == -1)
        {
            l.O.AddKeysToAgent = value;
            l.O.AddKeysToAgentLifespan = lifespan;
        }
        return 0;
    }

    private static int ForwardAgent(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} missing argument.");
        int value = Multistate.Parse(Multistate.Flag, arg);
        if (value != -1)
        {
            if (l.Active && l.O.ForwardAgent == -1) l.O.ForwardAgent = value;
            return 0;
        }
        // Not yes/no: a socket path to forward instead of $SSH_AUTH_SOCK.
        if (l.Active && l.O.ForwardAgent == -1) l.O.ForwardAgent = 1;
        return AgentPath(l, arg, ref l.O.ForwardAgentSockPath);
    }

    private static int IdentityAgent(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        return AgentPath(l, arg, ref l.O.IdentityAgent);
    }

    /// <summary>parse_agent_path: ${VAR} must expand now, and a legacy "$NAME" must be a valid name.</summary>
    private static int AgentPath(Line l, string arg, ref string? field)
    {
        var expanded = TokenExpander.DollarExpand(arg, l.S.Env, out var err);
        if (expanded is null)
        {
            if (err is not null) l.S.Diagnostics.Add("vdollar_percent_expand: " + err);
            return l.Error($"{l.At} Invalid environment expansion {arg}.");
        }
        if (arg.Length > 1 && arg[0] == '$' && arg[1] != '{' && !ValueParsers.ValidEnvName(arg[1..]))
            return l.Error($"{l.At} Invalid environment name {arg}.");
        if (arg == "$") return l.Error($"{l.At} Invalid environment name {arg}.");
        if (l.Active && field is null) field = arg;
        return 0;
    }

    /// <summary>ObscureKeystrokeTiming (OpenSSH 9.5): yes | no | interval:N milliseconds.</summary>
    private static int ObscureKeystrokeTiming(Line l)
    {
        int value = -1;
        string? arg;
        while ((arg = l.A.Next()) is not null)
        {
            if (value != -1) return l.Error($"{l.File} line {l.Num}: invalid arguments");
            if (arg is "yes" or "true") value = SshConfig.DefaultKeystrokeIntervalMs;
            else if (arg is "no" or "false") value = 0;
            else if (arg.StartsWith("interval:", StringComparison.Ordinal))
            {
                var err = ValueParsers.AtoiErr(arg[9..], out value);
                if (err is not null) return l.Error($"{l.File} line {l.Num}: integer value {err}.");
                if (value <= 0 || value > 1000) return l.Error($"{l.File} line {l.Num}: value out of range.");
            }
            else return l.Error($"{l.File} line {l.Num}: unsupported argument \"{arg}\"");
        }
        if (value == -1) return l.Error($"{l.File} line {l.Num}: missing argument");
        if (l.Active && l.O.ObscureKeystrokeTimingInterval == -1) l.O.ObscureKeystrokeTimingInterval = value;
        return 0;
    }

    /// <summary>ControlPreopen (Braid extension): "no", "yes" (one) or a count of spare sessions a master keeps open.</summary>
    private static int ControlPreopen(Line l)
    {
        var arg = l.A.Next();
        int value;
        if (arg is "no" or "false") value = 0;
        else if (arg is "yes" or "true") value = 1;
        else
        {
            var err = ValueParsers.AtoiErr(arg, out value);
            if (err is not null) return l.Error($"{l.At} integer value {err}.");
        }
        if (l.Active && l.O.ControlPreopen == -1) l.O.ControlPreopen = value;
        return 0;
    }

    private static int ProxyJump(Line l)
    {
        int skip = LineSplitter.SkipSet(l.Str, 0, Whitespace + "=");
        var text = l.Str[skip..];
        // OpenSSH 9.2 keeps only the first blank-separated word of the raw text (quotes untouched):
        // "ProxyJump a b" jumps via "a", and a trailing "# comment" is dropped the same way.
        int blank = text.IndexOfAny([' ', '\t']);
        var spec = blank >= 0 ? text[..blank] : text;
        if (!JumpSpec.Apply(spec, l.O, l.Active, strict: l.CommandLine, l.S.Diagnostics, fullText: text))
            return l.Error($"{l.At} Invalid ProxyJump \"{text}\"");
        l.A.Consume();
        return 0;
    }
}
