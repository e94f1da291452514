using System.Diagnostics;
using Braid.Cli.CommandLine;

namespace Braid.Cli.Tests.CommandLine;

/// <summary>
/// Checks the implied options against the real ssh: "ssh -G -F /dev/null FLAGS DEST" must
/// print the same configuration as "ssh -G -F FILE HOST" where FILE holds our (keyword,
/// value) list, one per line. Skipped (passes vacuously) where /usr/bin/ssh is missing.
/// </summary>
public class OpenSshOracleTests
{
    private const string Ssh = "/usr/bin/ssh";

    public static TheoryData<string[]> Cases => new()
    {
        new[] { "-p", "2222", "-l", "bob", "-4", "-A", "-C", "-g", "h" },
        new[] { "-vvv", "-T", "-x", "-a", "-k", "-6", "h" },
        new[] { "-q", "-tt", "-Y", "-K", "-M", "h" },
        new[] { "-MM", "-X", "-f", "h", "ls" },
        new[] { "-N", "-n", "-L", "8080:localhost:80", "-L", "[::1]:81:[fe80::1]:82", "-R", "9000", "-R", "1.2.3.4:9001:x:22", "-D", "1080", "-D", "*:1081", "h" },
        new[] { "-L", "/tmp/s:/tmp/r", "-L", "8080:/tmp/r", "-L", "/tmp/t:h:80", "-L", "a:1:/tmp/u", "-L", "8081:h:http", "h" },
        new[] { "-w", "1:2", "-e", "^A", "-J", "u@j:2", "-b", "1.2.3.4", "-B", "eth0", "-S", "/tmp/c", "-c", "aes128-ctr", "-m", "hmac-sha1", "-I", "/lib/p.so", "h", "ls" },
        new[] { "ssh://u@h:2222" },
        new[] { "-p", "1", "ssh://u@h:2222" },
        new[] { "u@h", "-l", "x", "-o", "User=y" },
        new[] { "-o", "Port=24", "-p", "23", "h" },
        new[] { "-p", "23", "-o", "Port=24", "h" },
        new[] { "-o", "ForwardAgent=no", "-A", "-o", "Compression=no", "-C", "-o", "AddressFamily=inet6", "-4", "h" },
        new[] { "-A", "-o", "ForwardAgent=no", "h" },
        new[] { "-o", "RequestTTY=yes", "-t", "h" },
        new[] { "-ttt", "-MMM", "h" },
        new[] { "-v", "-q", "-v", "h" },
        new[] { "-W", "db:5432", "h" },
        new[] { "-s", "h", "sftp" },
        new[] { "-i", "/etc/passwd", "-i", "/etc/hostname", "h" },
        new[] { "h", "-p", "23", "-4", "ls", "-p", "25" },
        new[] { "--", "h", "-p", "23" },
        new[] { "-w", "any", "-e", "none", "h" },
        new[] { "-o", "ControlMaster=yes", "-M", "h" },
        new[] { "-o", "Tunnel=ethernet", "-w", "3", "-w", "4:5", "h" },
        new[] { "-o", "SendEnv A B", "-o", "SetEnv X=1", "-o", "ProxyCommand=nc %h %p", "h" },
        new[] { "-J", "a,b@c:2", "-o", "ProxyCommand=nc %h %p", "h" },
        new[] { "-x", "-Y", "-a", "-A", "-T", "-t", "h" },
        new[] { "-p", "ssh", "-R", "0:h:22", "-R", "[::1]:0", "h" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ImpliedOptionsReproduceSshDashG(string[] args)
    {
        if (!File.Exists(Ssh)) return;
        var result = CommandLineParser.Parse(args, ParserEnvironment.FromSystem());
        var parsed = Assert.IsType<CommandLineParsed>(result).CommandLine;

        var expected = RunSshDashG(["-F", "/dev/null", .. args]);
        var configFile = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(configFile, parsed.Options.Select(o => o.Keyword + " " + o.Value));
            // -W is not a config keyword and has a post-config effect (ClearAllForwardings
            // defaults to yes), so it is passed through; so is the command (-f needs one).
            string[] stdio = parsed.StdioForward is null ? [] : ["-W", args[Array.IndexOf(args, "-W") + 1]];
            var actual = RunSshDashG(["-F", configFile, .. stdio, "--", parsed.Destination.Host, .. parsed.CommandWords]);
            Assert.Equal(expected, actual);
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    private static string RunSshDashG(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Ssh)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("-G");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ssh -G {string.Join(' ', start.ArgumentList)} failed: {error}");
        return output;
    }
}
