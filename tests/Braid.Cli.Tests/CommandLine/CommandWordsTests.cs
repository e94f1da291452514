using static Braid.Cli.Tests.CommandLine.TestEnvironment;

namespace Braid.Cli.Tests.CommandLine;

/// <summary>OpenSSH's "again:" loop: options are parsed once more right after the destination.</summary>
public class CommandWordsTests
{
    [Fact]
    public void WordsAreJoinedWithSingleSpaces()
    {
        var parsed = Ok("h", "ls", "-l", "a  b", "");
        Assert.Equal(["ls", "-l", "a  b", ""], parsed.CommandWords);
        Assert.Equal("ls -l a  b ", parsed.Command);
    }

    [Fact]
    public void OptionsRightAfterTheDestinationAreParsed()
    {
        var parsed = Ok("h", "-p", "23", "-v", "ls", "-p", "24");
        Assert.Equal(["Port 23", "LogLevel DEBUG"], parsed.Options.Select(o => o.ToString()));
        Assert.Equal("ls -p 24", parsed.Command);
    }

    [Fact]
    public void OptionsAfterTheFirstCommandWordAreCommand()
    {
        var parsed = Ok("h", "ls", "-p", "23");
        Assert.Empty(parsed.Options);
        Assert.Equal("ls -p 23", parsed.Command);
    }

    [Fact]
    public void DoubleDashBeforeTheDestinationStopsTheSecondScan()
    {
        var parsed = Ok("--", "h", "-p", "23");
        Assert.Empty(parsed.Options);
        Assert.Equal("-p 23", parsed.Command);
    }

    [Fact]
    public void DoubleDashAfterTheDestinationIsConsumed()
    {
        var parsed = Ok("h", "--", "-p", "23");
        Assert.Empty(parsed.Options);
        Assert.Equal("-p 23", parsed.Command);
    }

    [Fact]
    public void DoubleDashAsAnOptionArgumentAlsoStopsTheSecondScan()
    {
        // ssh.c looks at av[optind - 1] == "--", which is also true for "-E --".
        var parsed = Ok("-E", "--", "h", "-p", "23");
        Assert.Equal("-p 23", parsed.Command);
    }

    [Fact]
    public void OptionsOnlyAfterTheDestinationLeaveNoCommand()
    {
        var parsed = Ok("h", "-4");
        Assert.Null(parsed.Command);
        Assert.Equal(["AddressFamily inet"], parsed.Options.Select(o => o.ToString()));
    }

    [Fact]
    public void BadOptionAfterTheDestinationIsAnError() =>
        Assert.StartsWith("unknown option -- z\r\n", Error("h", "-z"));

    [Fact]
    public void SubsystemNeedsACommand() =>
        Assert.Equal("You must specify a subsystem to invoke.\n" + Braid.Cli.CommandLine.UsageText.Text, Error("-s", "h"));

    [Fact]
    public void SubsystemWithCommand() => Assert.Equal("sftp", Ok("-s", "h", "sftp").Command);
}
