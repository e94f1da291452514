using System.Diagnostics;
using Braid.Cli.CommandLine;

namespace Braid.Cli.Tests.CommandLine;

/// <summary>
/// Edge cases where only the real ssh knows whether an argument is good: /usr/bin/ssh -G
/// must accept exactly what we accept, and print exactly our error when it refuses.
/// </summary>
public class AcceptanceOracleTests
{
    public static TheoryData<string[]> Cases => new()
    {
        new[] { "-L", "1:h:2:3", "h" },
        new[] { "-L", "[a]:1:h:2", "h" },
        new[] { "-L", "a\\:b:1:h:2", "h" },
        new[] { "-L", ":1:h:2", "h" },
        new[] { "-L", "1:[::1]:2", "h" },
        new[] { "-L", "1:[::1:2", "h" },
        new[] { "-L", "1:h:2:", "h" },
        new[] { "-L", " 1:h:2", "h" },
        new[] { "-L", "1:h:ssh", "h" },
        new[] { "-L", "/a/b:h:2", "h" },
        new[] { "-L", "1:/a/b", "h" },
        new[] { "-L", "a/b:c/d", "h" },
        new[] { "-L", "a:1:2", "h" },
        new[] { "-D", "[::1]:0", "h" },
        new[] { "-D", "[::1]:1", "h" },
        new[] { "-D", "/tmp/x", "h" },
        new[] { "-D", "a:b", "h" },
        new[] { "-D", "1:", "h" },
        new[] { "-R", "0", "h" },
        new[] { "-R", "/sock:/path", "h" },
        new[] { "-R", "a:0", "h" },
        new[] { "-R", "1:h:0", "h" },
        new[] { "-W", "[::1]", "h" },
        new[] { "-W", "22", "h" },
        new[] { "-W", "h:0", "h" },
        new[] { "-W", "/tmp/sock", "h" },
        new[] { "-w", "0", "h" },
        new[] { "-w", "any:any", "h" },
        new[] { "-w", "ANY", "h" },
        new[] { "-w", "2147483645", "h" },
        new[] { "-w", "2147483646", "h" },
        new[] { "-w", "-1", "h" },
        new[] { "-e", "^@", "h" },
        new[] { "-e", "^~", "h" },
        new[] { "-e", "^", "h" },
        new[] { "-e", "^ab", "h" },
        new[] { "-e", "é", "h" },
        new[] { "-e", "NONE", "h" },
        new[] { "-J", "", "h" },
        new[] { "-J", "a,", "h" },
        new[] { "-J", "ssh://a:22", "h" },
        new[] { "-J", "ssh://a:0", "h" },
        new[] { "-J", "@a", "h" },
        new[] { "-J", "u@@a", "h" },
        new[] { "-J", "a:ssh", "h" },
        new[] { "-J", "-a", "h" },
        new[] { "-J", "none", "-J", "b", "h" },
        new[] { "-p", "-1", "h" },
        new[] { "-p", "65535", "h" },
        new[] { "-p", "http", "h" },
        new[] { "-O", "Check", "h" },
        new[] { "-Q", "help" },
        new[] { "-N", "-N", "h" },
        new[] { "-s", "-s", "h", "x" },
        new[] { "-o", "SessionType=none", "-s", "h", "x" },
        new[] { "-o", "SessionType=subsystem", "-N", "h" },
        new[] { "-o", "ProxyJump=a", "-J", "b", "h" },
        new[] { "-o", "ProxyCommand=none", "-J", "b", "h" },
        new[] { "ssh://u@h", "ssh://v@h" },
        new[] { "h", "-V" },
        new[] { "h", "ls", "-V" },
        new[] { "u@", },
        new[] { "u@h@" },
        new[] { "-l", "a b", "h" },
        new[] { "-l", "", "h" },
        new[] { "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AcceptsWhatSshAccepts(string[] args)
    {
        if (!File.Exists("/usr/bin/ssh")) return;
        string[] full = ["-G", "-F", "/dev/null", .. args];
        var start = new ProcessStartInfo("/usr/bin/ssh")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true,
        };
        foreach (var arg in full) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();

        var ours = CommandLineParser.Parse(full, ParserEnvironment.FromSystem());
        switch (ours)
        {
            case CommandLineFailed failed:
                Assert.Equal(stderr, failed.StandardError);
                Assert.Equal(process.ExitCode, failed.ExitCode);
                break;
            default:
                Assert.True(process.ExitCode == 0, $"ssh refused what we accepted ({ours}): {stderr}");
                break;
        }
    }
}
