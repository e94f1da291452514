namespace Braid.Config;

/// <summary>
/// Everything the resolver needs to know about one invocation: the destination as typed,
/// the command-line settings that beat every file, where the files are, and who the local user is.
/// The CLI fills this in; tests fill it in to mirror an `ssh -G` run.
/// </summary>
public sealed class ConfigRequest
{
    /// <summary>The destination host exactly as typed, after splitting off any "user@" prefix (ssh's host_arg).</summary>
    public required string Host { get; init; }

    /// <summary>User from "user@host" on the command line; used only when nothing earlier set User.</summary>
    public string? DestinationUser { get; init; }

    /// <summary>-l login_name. Applied after <see cref="CommandLineOptions"/>, only if User is still unset (as ssh's "-l" does).</summary>
    public string? CommandLineUser { get; init; }

    /// <summary>-p port. Applied after <see cref="CommandLineOptions"/>, only if Port is still unset.</summary>
    public int? CommandLinePort { get; init; }

    /// <summary>
    /// "-o Keyword=value" lines and flags translated to keywords (e.g. -A → ("ForwardAgent","yes")),
    /// in command-line order. They are processed before any file, so they win (first value wins).
    /// </summary>
    public IReadOnlyList<(string Keyword, string Value)> CommandLineOptions { get; init; } = [];

    /// <summary>-i identity files, in order (tilde-expanded; a missing file only earns a warning, as in ssh).</summary>
    public IReadOnlyList<string> CommandLineIdentityFiles { get; init; } = [];

    /// <summary>-L specifications ("[bind:]port:host:hostport", socket paths allowed).</summary>
    public IReadOnlyList<string> CommandLineLocalForwards { get; init; } = [];

    /// <summary>-R specifications (a bare "[bind:]port" means a remote dynamic forward).</summary>
    public IReadOnlyList<string> CommandLineRemoteForwards { get; init; } = [];

    /// <summary>-D specifications ("[bind:]port").</summary>
    public IReadOnlyList<string> CommandLineDynamicForwards { get; init; } = [];

    /// <summary>-F file; "none" reads no file at all. Null means ~/.ssh/config then /etc/ssh/ssh_config.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Local login name (pw_name): %u, Match localuser, and the default User.</summary>
    public required string LocalUser { get; init; }

    /// <summary>Local home directory from the password database (pw_dir): "~", %d, ~/.ssh/config.</summary>
    public required string HomeDirectory { get; init; }

    /// <summary>Numeric uid (%i).</summary>
    public long LocalUserId { get; init; }

    /// <summary>Full local host name (gethostname): %l, and %L is its first label.</summary>
    public string LocalHostName { get; init; } = System.Net.Dns.GetHostName();

    /// <summary>System-wide config path; a parameter so tests never depend on the machine's file.</summary>
    public string SystemConfigFile { get; init; } = "/etc/ssh/ssh_config";

    /// <summary>Where relative Include paths in system files are anchored (OpenSSH's SSHDIR).</summary>
    public string SystemConfigDirectory { get; init; } = "/etc/ssh";

    /// <summary>
    /// Environment lookup for ${VAR} and for "~" inside Include globs (glob(3) GLOB_TILDE reads $HOME, not pw_dir).
    /// Null means the process environment.
    /// </summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>Algorithm lists the SSH library supports and proposes by default.</summary>
    public ConfigDefaults Defaults { get; init; } = ConfigDefaults.OpenSsh92;

    /// <summary>Runs "Match exec" commands; null means the real shell. Returns the exit status, or -1 if it died abnormally.</summary>
    public Func<string, int>? ExecRunner { get; init; }

    /// <summary>
    /// Resolves a host name for CanonicalizeHostname; returns the canonical name (or the name itself) when it
    /// resolves, null when it does not. Null means System.Net.Dns.
    /// </summary>
    public Func<string, string?>? HostResolver { get; init; }

    /// <summary>True when a remote command was given on the command line (affects UpdateHostKeys=ask and RemoteCommand checks).</summary>
    public bool HasCommand { get; init; }

    /// <summary>True when -W was given: ExitOnForwardFailure and ClearAllForwardings then default to yes.</summary>
    public bool StdioForward { get; init; }

    /// <summary>SHA-1 for %C; null means .NET's (which starts OpenSSL — the CLI passes a managed one so a
    /// passenger stays quick).</summary>
    public Func<byte[], byte[]>? Sha1 { get; init; }

    internal string? GetEnv(string name) =>
        Environment is null ? System.Environment.GetEnvironmentVariable(name) : Environment(name);
}
