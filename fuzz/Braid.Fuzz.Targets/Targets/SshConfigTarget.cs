using Braid.Config;

namespace Braid.Fuzz.Targets;

/// <summary>An ssh_config file (as -F), resolved for one destination and printed like `ssh -G`.
/// Match exec runs nothing (a stub answers), host names never resolve. Documented error: ConfigException
/// (what ssh prints before exiting 255).</summary>
public static class SshConfigTarget
{
    private static readonly Lazy<string> File = new(() => Path.Combine(ProcessTempDir.Create("config"), "config"));

    public static void Run(ReadOnlySpan<byte> input)
    {
        string path = File.Value;
        using (var f = new FileStream(path, FileMode.Create, FileAccess.Write)) f.Write(input);
        try
        {
            var cfg = ConfigResolver.Resolve(new ConfigRequest
            {
                Host = "fuzz.example",
                ConfigFile = path,
                LocalUser = "fuzzer",
                HomeDirectory = "/nonexistent/braid-fuzz-home",
                LocalUserId = 4242,
                LocalHostName = "box.local",
                SystemConfigFile = "/nonexistent/braid-fuzz/ssh_config",
                SystemConfigDirectory = "/nonexistent/braid-fuzz",
                Environment = n => n == "HOME" ? "/nonexistent/braid-fuzz-home" : null,
                ExecRunner = command => command.Length % 2,
                HostResolver = _ => null,
            });
            cfg.DumpLikeSshG();
            _ = cfg.IdentityFiles;
            _ = cfg.CertificateFiles;
            _ = cfg.UserKnownHostsFiles;
            _ = cfg.GlobalKnownHostsFiles;
            cfg.ExpandLocalCommand();
        }
        catch (ConfigException) { }
    }
}
