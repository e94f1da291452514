using static Braid.Cli.Tests.CommandLine.TestEnvironment;

namespace Braid.Cli.Tests.CommandLine;

/// <summary>Each message as /usr/bin/ssh 9.2 prints it: fatal() ends "\r\n", fprintf() "\n".</summary>
public class ErrorMessageTests
{
    [Theory]
    [InlineData("SSH protocol v.1 is no longer supported\r\n", "-1", "h")]
    [InlineData("Bad port '0'\n", "-p", "0", "h")]
    [InlineData("Bad port 'abc'\n", "-p", "abc", "h")]
    [InlineData("Bad port '65536'\n", "-p", "65536", "h")]
    [InlineData("Bad port '22x'\n", "-p22x", "h")]
    [InlineData("Bad escape character 'xx'.\n", "-e", "xx", "h")]
    [InlineData("Bad escape character '^?'.\n", "-e", "^?", "h")]
    [InlineData("Bad escape character ''.\n", "-e", "", "h")]
    [InlineData("Bad local forwarding specification '80'\n", "-L", "80", "h")]
    [InlineData("Bad local forwarding specification '0:h:1'\n", "-L", "0:h:1", "h")]
    [InlineData("Bad local forwarding specification '1:h:0'\n", "-L", "1:h:0", "h")]
    [InlineData("Bad local forwarding specification '1:h:2:3:4'\n", "-L", "1:h:2:3:4", "h")]
    [InlineData("Bad local forwarding specification '[::1:1:h:2'\n", "-L", "[::1:1:h:2", "h")]
    [InlineData("Bad remote forwarding specification 'x'\n", "-R", "x", "h")]
    [InlineData("Bad dynamic forwarding specification 'a:b:c'\n", "-D", "a:b:c", "h")]
    [InlineData("Bad dynamic forwarding specification '0'\n", "-D", "0", "h")]
    [InlineData("Bad stdio forwarding specification 'h'\n", "-W", "h", "h")]
    [InlineData("Bad tun device 'x'\n", "-w", "x", "h")]
    [InlineData("Bad tun device '1:'\n", "-w", "1:", "h")]
    [InlineData("Bad tun device ':3'\n", "-w", ":3", "h")]
    [InlineData("Bad tun device '2147483648'\n", "-w", "2147483648", "h")]
    [InlineData("Unknown cipher type 'foo'\n", "-c", "foo", "h")]
    [InlineData("Unknown cipher type ''\n", "-c", "", "h")]
    [InlineData("Unknown cipher type '+'\n", "-c", "+", "h")]
    [InlineData("Unknown mac type ''\n", "-m", "", "h")]
    [InlineData("Unknown mac type '+hmac-sha1'\n", "-m", "+hmac-sha1", "h")]
    [InlineData("Invalid multiplex command.\r\n", "-O", "bogus", "h")]
    [InlineData("Multiplexing command already specified\r\n", "-O", "check", "-O", "exit", "h")]
    [InlineData("Cannot specify multiplexing command with -W\r\n", "-W", "a:1", "-O", "check", "h")]
    [InlineData("Cannot specify stdio forward with -O\r\n", "-O", "check", "-W", "a:1", "h")]
    [InlineData("stdio forward already specified\r\n", "-W", "a:1", "-W", "b:2", "h")]
    [InlineData("Unsupported query \"bogus\"\r\n", "-Q", "bogus")]
    [InlineData("Unsupported query \"CIPHER\"\r\n", "-Q", "CIPHER")]
    [InlineData("Only a single -J option is permitted (use commas to separate multiple jump hops)\r\n", "-J", "a", "-J", "b", "h")]
    [InlineData("Cannot specify -J with ProxyCommand\r\n", "-o", "ProxyCommand=nc %h %p", "-J", "a", "h")]
    [InlineData("Invalid -J argument\r\n", "-J", ",", "h")]
    [InlineData("Invalid -J argument\r\n", "-J", "a,b:0", "h")]
    [InlineData("Invalid -J argument\r\n", "-J", "ssh://u@j/p", "h")]
    [InlineData("Invalid -J argument\r\n", "-J", "[::1", "h")]
    [InlineData("parse_jump: invalid hostname \"a;b\"\r\nInvalid -J argument\r\n", "-J", "c,a;b", "h")]
    [InlineData("parse_jump: invalid username \"u;x\"\r\nInvalid -J argument\r\n", "-J", "u;x@c", "h")]
    [InlineData("Cannot specify -s with -N/SessionType\r\n", "-N", "-s", "h")]
    [InlineData("Cannot specify -N with -s/SessionType\r\n", "-s", "-N", "h", "x")]
    [InlineData("Cannot specify -s with -N/SessionType\r\n", "-W", "a:1", "-s", "h", "x")]
    [InlineData("Can't specify both -y and -E\r\n", "-y", "-E", "/log", "h")]
    public void Message(string expected, params string[] args) => Assert.Equal(expected, Error(args));

    /// <summary>Each case of <see cref="Message"/>, and a few usage errors, checked against /usr/bin/ssh itself.</summary>
    [Theory]
    [MemberData(nameof(OracleCases))]
    public void SameAsRealSsh(string[] args)
    {
        if (!File.Exists("/usr/bin/ssh")) return;
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/ssh")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true,
        };
        // -G keeps ssh from connecting if it unexpectedly accepts the arguments.
        foreach (var arg in (string[])["-G", "-F", "/dev/null", .. args]) start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(255, process.ExitCode);
        Assert.Equal(stderr, Error(["-G", "-F", "/dev/null", .. args]));
    }

    public static TheoryData<string[]> OracleCases()
    {
        var data = new TheoryData<string[]>();
        foreach (var method in typeof(ErrorMessageTests).GetMethod(nameof(Message))!.GetCustomAttributes(typeof(InlineDataAttribute), false))
        {
            var values = ((InlineDataAttribute)method).GetData(null!).Single();
            data.Add(values.Skip(1).Cast<string>().ToArray());
        }
        data.Add(["-z", "h"]);
        data.Add(["-p"]);
        data.Add(["h", "-z"]);
        data.Add(["--foo", "h"]);
        data.Add(["-:", "h"]);
        data.Add(["@h"]);
        data.Add(["ssh://h:22/path"]);
        data.Add(["-s", "h"]);
        data.Add(["-v-", "h"]);
        data.Add(["a;b@c;d"]);
        data.Add(["-l", "-u", "h"]);
        data.Add(["-o", "User=a;b", "h"]);
        data.Add([]);
        return data;
    }
}
