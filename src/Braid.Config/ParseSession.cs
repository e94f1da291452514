namespace Braid.Config;

/// <summary>How a file is being read (readconf.h SSHCONF_* flags).</summary>
[Flags]
internal enum ReadFlags
{
    None = 0,
    /// <summary>A user file (-F, ~/.ssh/config, -o): "~" allowed in Include, IdentityFile marked user-provided.</summary>
    UserConf = 1,
    /// <summary>Refuse group/world-writable files.</summary>
    CheckPerm = 2,
    /// <summary>The final (post-canonicalization) pass: "Match final/canonical" are true.</summary>
    Final = 4,
    /// <summary>Included from an inactive block: parse for errors but apply nothing.</summary>
    NeverMatch = 8,
}

/// <summary>State shared by every line of one configuration pass.</summary>
internal sealed class ParseSession
{
    public required ConfigRequest Request { get; init; }
    public required Options Options { get; init; }

    /// <summary>The name "Host" lines are matched against (as typed, or canonical in the final pass).</summary>
    public required string Host { get; set; }

    /// <summary>The host as typed (Match originalhost, %n).</summary>
    public required string OriginalHost { get; init; }

    /// <summary>Set when a "Match final" line is seen.</summary>
    public bool WantFinalPass { get; set; }

    /// <summary>Messages ssh prints to stderr (errors, and "Unsupported option" warnings).</summary>
    public DiagnosticLog Diagnostics { get; } = new();

    public string? Env(string name) => Request.GetEnv(name);

    /// <summary>Records a fatal message and returns the exception to throw.</summary>
    public ConfigException Fatal(string message)
    {
        Diagnostics.AddFatal(message);
        return new ConfigException(Output());
    }

    /// <summary>The diagnostics exactly as ssh prints them (its logger passes every message through vis(3)).</summary>
    public List<string> Output() => Diagnostics.Output();
}
