using static Braid.Cli.Tests.CommandLine.TestEnvironment;
using Braid.Cli.CommandLine;

namespace Braid.Cli.Tests.CommandLine;

public class FlagMappingTests
{
    [Theory]
    [InlineData("-4", "AddressFamily inet")]
    [InlineData("-6", "AddressFamily inet6")]
    [InlineData("-A", "ForwardAgent yes")]
    [InlineData("-a", "ForwardAgent no")]
    [InlineData("-C", "Compression yes")]
    [InlineData("-g", "GatewayPorts yes")]
    [InlineData("-k", "GSSAPIDelegateCredentials no")]
    [InlineData("-n", "StdinNull yes")]
    [InlineData("-q", "LogLevel QUIET")]
    [InlineData("-v", "LogLevel DEBUG")]
    [InlineData("-vv", "LogLevel DEBUG2")]
    [InlineData("-vvv", "LogLevel DEBUG3")]
    [InlineData("-vvvvv", "LogLevel DEBUG3")]
    [InlineData("-T", "RequestTTY no")]
    [InlineData("-t", "RequestTTY yes")]
    [InlineData("-tt", "RequestTTY force")]
    [InlineData("-ttt", "RequestTTY yes")]
    [InlineData("-M", "ControlMaster yes")]
    [InlineData("-MM", "ControlMaster ask")]
    [InlineData("-MMM", "ControlMaster yes")]
    [InlineData("-x", "ForwardX11 no")]
    [InlineData("-X", "ForwardX11 yes")]
    [InlineData("-2", null)]
    [InlineData("-P", null)]
    public void SingleFlag(string flag, string? expected) =>
        Assert.Equal(expected is null ? [] : [expected], Options(flag, "h"));

    [Theory]
    [InlineData("-p", "22", "Port 22")]
    [InlineData("-p", "ssh", "Port 22")]
    [InlineData("-p", "+22", "Port 22")]
    [InlineData("-p", " 22", "Port 22")]
    [InlineData("-l", "bob", "User bob")]
    [InlineData("-c", "aes128-ctr,aes256-ctr", "Ciphers aes128-ctr,aes256-ctr")]
    [InlineData("-c", "+aes128-cbc", "Ciphers +aes128-cbc")]
    [InlineData("-c", "^aes128-cbc", "Ciphers ^aes128-cbc")]
    [InlineData("-c", "aes128-ctr,,junk", "Ciphers aes128-ctr,,junk")]
    [InlineData("-m", "hmac-sha1,,junk", "MACs hmac-sha1,,junk")]
    [InlineData("-m", "hmac-sha1", "MACs hmac-sha1")]
    [InlineData("-J", "u@j:2,k", "ProxyJump u@j:2,k")]
    [InlineData("-J", "none", "ProxyJump none")]
    [InlineData("-e", "^A", "EscapeChar ^A")]
    [InlineData("-e", "none", "EscapeChar none")]
    [InlineData("-e", "#", "EscapeChar #")]
    [InlineData("-e", "^", "EscapeChar ^")]
    [InlineData("-S", "/tmp/c", "ControlPath /tmp/c")]
    [InlineData("-b", "1.2.3.4", "BindAddress 1.2.3.4")]
    [InlineData("-B", "eth0", "BindInterface eth0")]
    [InlineData("-I", "/lib/p.so", "PKCS11Provider /lib/p.so")]
    [InlineData("-i", "/k", "IdentityFile /k")]
    [InlineData("-i", "~/.ssh/id_ed25519", "IdentityFile /home/me/.ssh/id_ed25519")]
    [InlineData("-D", "1080", "DynamicForward 1080")]
    [InlineData("-D", "*:1080", "DynamicForward *:1080")]
    [InlineData("-L", "8080:localhost:80", "LocalForward 8080 localhost:80")]
    [InlineData("-L", "127.0.0.1:8080:localhost:80", "LocalForward 127.0.0.1:8080 localhost:80")]
    [InlineData("-L", "[::1]:81:[fe80::1]:82", "LocalForward [::1]:81 [fe80::1]:82")]
    [InlineData("-L", "/tmp/s:/tmp/r", "LocalForward /tmp/s /tmp/r")]
    [InlineData("-L", "8080:/tmp/r", "LocalForward 8080 /tmp/r")]
    [InlineData("-L", "/tmp/s:h:80", "LocalForward /tmp/s h:80")]
    [InlineData("-L", "a:1:/tmp/r", "LocalForward a:1 /tmp/r")]
    [InlineData("-L", "8080:h:http", "LocalForward 8080 h:http")]
    [InlineData("-R", "9000", "RemoteForward 9000")]
    [InlineData("-R", "0:h:22", "RemoteForward 0 h:22")]
    [InlineData("-R", "1.2.3.4:9001:x:22", "RemoteForward 1.2.3.4:9001 x:22")]
    [InlineData("-o", "Port=23", "Port 23")]
    [InlineData("-o", "Port 23", "Port 23")]
    [InlineData("-o", "  SendEnv = A B  ", "SendEnv A B")]
    [InlineData("-o", "ProxyCommand=nc %h %p", "ProxyCommand nc %h %p")]
    public void FlagWithArgument(string flag, string argument, string expected) =>
        Assert.Equal([expected], Options(flag, argument, "h"));

    [Fact]
    public void ForkImpliesStdinNull() => Assert.Equal(["ForkAfterAuthentication yes", "StdinNull yes"], Options("-f", "h"));

    [Fact]
    public void TrustedX11() => Assert.Equal(["ForwardX11 yes", "ForwardX11Trusted yes"], Options("-Y", "h"));

    [Fact]
    public void DashXLeavesTrustedAlone() => Assert.Equal(["ForwardX11Trusted yes", "ForwardX11 no"], Options("-Y", "-x", "h"));

    [Fact]
    public void Kerberos() => Assert.Equal(["GSSAPIAuthentication yes", "GSSAPIDelegateCredentials yes"], Options("-K", "h"));

    [Fact]
    public void NoShell() => Assert.Equal(["SessionType none", "RequestTTY no"], Options("-N", "h"));

    [Fact]
    public void Subsystem() => Assert.Equal(["SessionType subsystem"], Options("-s", "h", "sftp"));

    [Fact]
    public void Tunnel() => Assert.Equal(["Tunnel yes", "TunnelDevice 1:2"], Options("-w", "1:2", "h"));

    [Fact]
    public void TunnelKeepsAnEarlierTunnelModeButTakesTheLastDevice() =>
        Assert.Equal(["Tunnel ethernet", "TunnelDevice any"], Options("-o", "Tunnel=ethernet", "-w", "3", "-w", "any", "h"));

    [Fact]
    public void OnlyTheFirstPortCountsAndLaterOnesAreNotChecked() => Assert.Equal(["Port 23"], Options("-p", "23", "-p", "abc", "h"));

    [Fact]
    public void DashOPortBeforeDashPWins() => Assert.Equal(["Port 24"], Options("-o", "Port=24", "-p", "23", "h"));

    [Fact]
    public void DashPBeforeDashOPortWins() => Assert.Equal(["Port 23", "Port 24"], Options("-p", "23", "-o", "Port=24", "h"));

    [Fact]
    public void UnconditionalFlagsBeatEarlierDashO() =>
        Assert.Equal(["ForwardAgent yes"], Options("-o", "ForwardAgent=no", "-A", "h"));

    [Fact]
    public void UnconditionalFlagsBeatLaterDashOBecauseTheyComeFirst() =>
        Assert.Equal(["ForwardAgent yes", "forwardagent no"], Options("-A", "-o", "forwardagent=no", "h"));

    [Fact]
    public void LastAddressFamilyFlagWins() => Assert.Equal(["AddressFamily inet6"], Options("-4", "-6", "h"));

    [Fact]
    public void DashTAfterDashORequestTtyYesForces() =>
        Assert.Equal(["RequestTTY force"], Options("-o", "RequestTTY=yes", "-t", "h"));

    [Fact]
    public void DashMAfterDashOControlMasterYesAsks() =>
        Assert.Equal(["ControlMaster ask"], Options("-o", "ControlMaster=yes", "-M", "h"));

    [Fact]
    public void VerboseQuietVerboseEndsAtFatal()
    {
        var parsed = Ok("-v", "-q", "-v", "h");
        Assert.Equal(["LogLevel FATAL"], parsed.Options.Select(o => o.ToString()));
        Assert.Equal(2, parsed.Verbosity);
    }

    [Fact]
    public void QuietThenVerboseIsDebug() => Assert.Equal(["LogLevel DEBUG"], Options("-q", "-v", "h"));

    [Fact]
    public void VerbosityCountStopsAtThree() => Assert.Equal(3, Ok("-vvvvv", "h").Verbosity);

    [Fact]
    public void ForwardsAccumulateInOrder() =>
        Assert.Equal(["LocalForward 1 h:2", "LocalForward 3 h:4"], Options("-L", "1:h:2", "-L", "3:h:4", "h"));

    [Fact]
    public void IdentityFilesAccumulateAndMissingOnesWarn()
    {
        var result = Assert.IsType<CommandLineParsed>(Parse("-i", "/k", "-i", "/missing", "-i", "/etc/passwd", "h"));
        Assert.Equal(["IdentityFile /k", "IdentityFile /etc/passwd"], result.CommandLine.Options.Select(o => o.ToString()));
        Assert.Equal(["Warning: Identity file /missing not accessible: No such file or directory."], result.Warnings);
    }

    [Fact]
    public void WarningsComeWithEveryKindOfResult() =>
        Assert.Single(Assert.IsType<CommandLineFailed>(Parse("-i", "/missing", "-p", "0", "h")).Warnings);

    [Fact]
    public void DashOBlankAndCommentAreIgnored() => Assert.Empty(Options("-o", "", "-o", "# x", "h"));

    [Fact]
    public void DashOIsMarked() => Assert.True(Ok("-o", "Port=1", "h").Options[0].FromDashO);

    [Fact]
    public void NonConfigFlags()
    {
        var parsed = Ok("-F", "/cfg", "-E", "/log", "-G", "-O", "check", "h");
        Assert.Equal("/cfg", parsed.ConfigFile);
        Assert.Equal("/log", parsed.LogFile);
        Assert.True(parsed.DumpConfiguration);
        Assert.Equal(MultiplexCommand.Check, parsed.MultiplexCommand);
        Assert.False(parsed.LogToSyslog);
        Assert.True(Ok("-y", "h").LogToSyslog);
    }

    [Theory]
    [InlineData("check", MultiplexCommand.Check)]
    [InlineData("forward", MultiplexCommand.Forward)]
    [InlineData("exit", MultiplexCommand.Exit)]
    [InlineData("stop", MultiplexCommand.Stop)]
    [InlineData("cancel", MultiplexCommand.Cancel)]
    [InlineData("proxy", MultiplexCommand.Proxy)]
    public void MultiplexCommands(string name, MultiplexCommand expected) =>
        Assert.Equal(expected, Ok("-O", name, "h").MultiplexCommand);

    [Fact]
    public void StdioForward()
    {
        var parsed = Ok("-W", "db:5432", "h");
        Assert.Equal(new StdioForward("db", 5432, null), parsed.StdioForward);
        Assert.Equal(["RequestTTY no", "SessionType none"], parsed.Options.Select(o => o.ToString()));
    }

    [Fact]
    public void StdioForwardToIpv6() => Assert.Equal(new StdioForward("::1", 22, null), Ok("-W", "[::1]:22", "h").StdioForward);

    [Fact]
    public void VersionStopsParsingAtOnce() =>
        Assert.IsType<CommandLineVersionRequested>(Parse("-V", "-z"));

    [Fact]
    public void ErrorsBeforeDashVStillWin() => Assert.IsType<CommandLineFailed>(Parse("-p", "0", "-V"));

    [Theory]
    [InlineData("cipher", "cipher")]
    [InlineData("Ciphers", "cipher")]
    [InlineData("MACS", "mac")]
    [InlineData("kexalgorithms", "kex")]
    [InlineData("HostKeyAlgorithms", "key-sig")]
    [InlineData("help", "help")]
    [InlineData("kex-gss", "kex-gss")]
    public void Query(string argument, string canonical) =>
        Assert.Equal(canonical, Assert.IsType<CommandLineQueryRequested>(Parse("-Q", argument)).Query);
}
