using static Braid.Cli.Tests.CommandLine.TestEnvironment;
using Braid.Cli.CommandLine;

namespace Braid.Cli.Tests.CommandLine;

public class DestinationTests
{
    [Fact]
    public void PlainHost()
    {
        var parsed = Ok("example.org");
        Assert.Equal(new Destination(null, "example.org", null, false), parsed.Destination);
        Assert.Empty(parsed.Options);
        Assert.Null(parsed.Command);
    }

    [Fact]
    public void UserAtHostSplitsAtTheLastAt()
    {
        var parsed = Ok("a@b@h");
        Assert.Equal(new Destination("a@b", "h", null, false), parsed.Destination);
        Assert.Equal(["User a@b"], parsed.Options.Select(o => o.ToString()));
    }

    [Fact]
    public void EmptyUserIsUsage() => Assert.Equal(UsageText.Text, Error("@h"));

    [Fact]
    public void DashLBeatsUserAtHost() => Assert.Equal(["User x"], Options("-l", "x", "u@h"));

    [Fact]
    public void DashLAfterTheDestinationLoses() => Assert.Equal(["User u"], Options("u@h", "-l", "x"));

    [Fact]
    public void DashOUserBeforeDestinationWins() => Assert.Equal(["User a"], Options("-o", "User=a", "u@h"));

    [Fact]
    public void SshUriWithUserAndPort()
    {
        var parsed = Ok("ssh://u@h:2222");
        Assert.Equal(new Destination("u", "h", 2222, true), parsed.Destination);
        Assert.Equal(["User u", "Port 2222"], parsed.Options.Select(o => o.ToString()));
    }

    [Fact]
    public void DashPBeatsUriPort() => Assert.Equal(["Port 1", "User u"], Options("-p", "1", "ssh://u@h:2222"));

    [Fact]
    public void UriUserIsUrlDecodedAndParamsDropped()
    {
        Assert.Equal("A b", Ok("ssh://%41+b@h").Destination.User);
        Assert.Equal("u", Ok("ssh://u;fingerprint=x@h").Destination.User);
    }

    [Fact]
    public void UriPortMayBeAServiceName() => Assert.Equal(22, Ok("ssh://h:ssh").Destination.Port);

    [Theory]
    [InlineData("ssh://h:22/path")]
    [InlineData("ssh://@h")]
    [InlineData("ssh://[::1]:2")]
    [InlineData("ssh://h_x!")]
    [InlineData("ssh://h:0")]
    [InlineData("ssh://h:99999")]
    [InlineData("ssh://%zz@h")]
    [InlineData("ssh://")]
    [InlineData("ssh://-h")]
    [InlineData("ssh://a..b")]
    public void MalformedUriIsUsage(string uri) => Assert.Equal(UsageText.Text, Error(uri));

    [Fact]
    public void UriHostAllowsTrailingSlashFreePortlessForm() => Assert.Equal("h.example", Ok("ssh://h.example").Destination.Host);

    [Fact]
    public void NotAnSshUriIsAPlainDestination() => Assert.Equal("sftp://h", Ok("sftp://h").Destination.Host);

    [Theory]
    [InlineData("a;b")]
    [InlineData("a b")]
    [InlineData("a,b")]
    [InlineData("a$b")]
    [InlineData("a\\b")]
    [InlineData("-oProxyCommand=x")]
    [InlineData("a\tb")]
    public void HostWithShellCharactersIsRejected(string host) =>
        Assert.Equal("hostname contains invalid characters\r\n", Error("--", host));

    [Theory]
    [InlineData("a*b")]
    [InlineData("a%b")]
    [InlineData("a_b")]
    [InlineData("a[b")]
    [InlineData("é")]
    public void HostWithHarmlessCharactersIsAccepted(string host) => Assert.Equal(host, Ok(host).Destination.Host);

    [Theory]
    [InlineData("a;b@h")]
    [InlineData("-u@h")]
    [InlineData("a b -c@h")]
    [InlineData("a\\@h")]
    [InlineData("a\tb@h")]
    public void UserWithShellCharactersIsRejected(string destination) =>
        Assert.Equal("remote username contains invalid characters\r\n", Error("--", destination));

    [Theory]
    [InlineData("a b-c@h")]
    [InlineData("a$b@h")]
    [InlineData("a\\b@h")]
    public void UserWithHarmlessCharactersIsAccepted(string destination) => Assert.NotNull(Ok(destination).Destination.User);

    [Fact]
    public void UserIsCheckedBeforeHost() =>
        Assert.Equal("remote username contains invalid characters\r\n", Error("a;b@c;d"));

    [Fact]
    public void DashLUserIsChecked() =>
        Assert.Equal("remote username contains invalid characters\r\n", Error("-l", "a;b", "h"));
}
