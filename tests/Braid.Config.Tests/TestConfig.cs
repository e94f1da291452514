namespace Braid.Config.Tests;

/// <summary>Resolves an in-memory configuration text as if passed with -F (no oracle involved).</summary>
internal static class TestConfig
{
    public static SshConfig Resolve(string text, string host = "h", ConfigDefaults? defaults = null,
        IReadOnlyList<(string, string)>? options = null, Func<string, int>? exec = null,
        Func<string, string?>? resolver = null, string? user = null, int? port = null)
    {
        var path = Path.Combine(Path.GetTempPath(), "braid-cfg-unit-" + Guid.NewGuid().ToString("N")[..12]);
        File.WriteAllText(path, text);
        try
        {
            return ConfigResolver.Resolve(Request(path, host, defaults, options, exec, resolver, user, port));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static ConfigRequest Request(string? configFile, string host = "h", ConfigDefaults? defaults = null,
        IReadOnlyList<(string, string)>? options = null, Func<string, int>? exec = null,
        Func<string, string?>? resolver = null, string? user = null, int? port = null,
        string home = "/home/tester", string? systemFile = null) => new()
    {
        Host = host,
        ConfigFile = configFile,
        CommandLineOptions = options ?? [],
        CommandLineUser = user,
        CommandLinePort = port,
        LocalUser = "tester",
        HomeDirectory = home,
        LocalUserId = 1234,
        LocalHostName = "box.local",
        Environment = n => n switch { "HOME" => home, "XDG_RUNTIME_DIR" => "/run/user/1234", _ => null },
        Defaults = defaults ?? ConfigDefaults.OpenSsh92,
        ExecRunner = exec,
        HostResolver = resolver ?? (_ => null),
        SystemConfigFile = systemFile ?? "/nonexistent/braid/ssh_config",
    };
}
