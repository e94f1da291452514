using System.Text;
using Braid.Cli.Escapes;

namespace Braid.Cli.Tests.Escapes;

public class EscapeFilterTests
{
    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);
    private static string S(byte[] b) => Encoding.Latin1.GetString(b);
    private static EscapeFilter Tilde(bool mux = false, bool cmdline = false) => new((byte)'~', mux, cmdline);

    private static (string Remote, string Stderr, string Actions) Run(EscapeFilter filter, params string[] reads)
    {
        var remote = new StringBuilder();
        var stderr = new StringBuilder();
        var actions = new List<EscapeActionKind>();
        foreach (var read in reads)
        {
            var result = filter.Process(B(read));
            remote.Append(S(result.ToRemote));
            stderr.Append(S(result.ToStderr));
            actions.AddRange(result.Actions.Select(a => a.Kind));
        }
        return (remote.ToString(), stderr.ToString(), string.Join(",", actions));
    }

    [Fact]
    public void PlainTextPassesThrough() =>
        Assert.Equal(("hello\r\nworld", "", ""), Run(Tilde(), "hello\r\nworld"));

    [Fact]
    public void DisconnectAtStartOfSession()
    {
        var result = Tilde().Process(B("~.rest"));
        Assert.Equal("", S(result.ToRemote));
        Assert.Equal("", S(result.ToStderr)); // real ssh never shows the "~." echo
        Assert.Equal([new EscapeAction(EscapeActionKind.Disconnect, 0, 0)], result.Actions);
        Assert.True(result.StoppedReading);
    }

    [Fact]
    public void BytesBeforeDisconnectAreStillSent()
    {
        var result = Tilde().Process(B("ls\r~.x"));
        Assert.Equal("ls\r", S(result.ToRemote));
        Assert.True(result.StoppedReading);
    }

    [Fact]
    public void NothingIsFilteredAfterStopping()
    {
        var filter = Tilde();
        filter.Process(B("~."));
        var after = filter.Process(B("abc"));
        Assert.Empty(after.ToRemote);
        Assert.True(after.StoppedReading);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("x\n")]
    [InlineData("x\r\n")]
    public void EscapeAfterNewlineIsRecognised(string prefix) =>
        Assert.Equal("Disconnect", Run(Tilde(), prefix + "~.").Actions);

    [Fact]
    public void EscapeInTheMiddleOfALineIsData() =>
        Assert.Equal(("a~.b", "", ""), Run(Tilde(), "a~.b"));

    [Fact]
    public void EscapeSplitAcrossReadsStillDisconnects()
    {
        var filter = Tilde();
        var first = filter.Process(B("ls\n~"));
        Assert.Equal("ls\n", S(first.ToRemote));
        Assert.True(filter.EscapePending);
        var second = filter.Process(B(".more"));
        Assert.Equal([EscapeActionKind.Disconnect], second.Actions.Select(a => a.Kind));
    }

    [Fact]
    public void StartOfLineCarriesAcrossReads() =>
        Assert.Equal("Disconnect", Run(Tilde(), "ls\r", "~", ".").Actions);

    [Fact]
    public void MidLineCarriesAcrossReads() =>
        Assert.Equal(("ls~.", "", ""), Run(Tilde(), "ls", "~.", ""));

    [Fact]
    public void DoubleEscapeSendsOne()
    {
        var filter = Tilde();
        Assert.Equal(("~", "", ""), Run(filter, "~~"));
        Assert.False(filter.AtLineStart);
    }

    [Fact]
    public void DoubleEscapeLeavesLineStartSoASecondEscapeIsData() =>
        Assert.Equal("~~.", Run(Tilde(), "~~~.").Remote);

    [Fact]
    public void EscapeThenUnknownSendsBoth() => Assert.Equal(("~x", "", ""), Run(Tilde(), "~x"));

    [Fact]
    public void EscapeThenNewlineSendsBothAndStaysAtLineStart() =>
        Assert.Equal("Disconnect", Run(Tilde(), "~\r~.").Actions);

    [Fact]
    public void RecognisedEscapeKeepsStartOfLine()
    {
        var (remote, stderr, actions) = Run(Tilde(), "~B~R~.");
        Assert.Equal("", remote);
        Assert.Equal("~B\r\n", stderr);
        Assert.Equal("SendBreak,Rekey,Disconnect", actions);
    }

    [Fact]
    public void Break() => Assert.Equal(("", "~B\r\n", "SendBreak"), Run(Tilde(), "~B"));

    [Fact]
    public void RekeyPrintsNothing() => Assert.Equal(("", "", "Rekey"), Run(Tilde(), "~R"));

    [Fact]
    public void LowercaseBAndRAreData() => Assert.Equal("~b\r~r", Run(Tilde(), "~b\r~r").Remote);

    [Fact]
    public void Suspend() => Assert.Equal(("", "~^Z [suspend ssh]\r\n", "Suspend"), Run(Tilde(), "~\x1a"));

    [Fact]
    public void ListForwards()
    {
        var result = Tilde().Process(B("~#x"));
        Assert.Equal("~#\r\n", S(result.ToStderr));
        Assert.Equal([new EscapeAction(EscapeActionKind.ListForwards, 0, 4)], result.Actions);
        Assert.Equal("x", S(result.ToRemote));
    }

    [Fact]
    public void ActionOffsetsPointIntoTheBuffers()
    {
        var result = Tilde().Process(B("ab\n~Bcd\n~#"));
        Assert.Equal("ab\ncd\n", S(result.ToRemote));
        Assert.Equal([new EscapeAction(EscapeActionKind.SendBreak, 3, 4), new EscapeAction(EscapeActionKind.ListForwards, 6, 8)], result.Actions);
    }

    [Fact]
    public void Background()
    {
        var result = Tilde().Process(B("~&more"));
        Assert.Equal("~& [backgrounded]\n", S(result.ToStderr));
        Assert.Equal([(byte)4], result.ToRemote);
        Assert.Equal([EscapeActionKind.Background], result.Actions.Select(a => a.Kind));
        Assert.True(result.StoppedReading);
    }

    [Fact]
    public void CommandLineDisabledByDefault() =>
        Assert.Equal(("", "commandline disabled\r\n", ""), Run(Tilde(), "~C"));

    [Fact]
    public void CommandLineWhenEnabled() =>
        Assert.Equal(("", "", "CommandLine"), Run(Tilde(cmdline: true), "~C"));

    [Fact]
    public void VerbosityUpAndDown()
    {
        var filter = Tilde();
        var result = filter.Process(B("~v~v~V"));
        Assert.Equal("~v [LogLevel VERBOSE]\r\n~v [LogLevel DEBUG]\r\n~V [LogLevel VERBOSE]\r\n", S(result.ToStderr));
        Assert.Equal([LogLevels.Verbose, LogLevels.Debug1, LogLevels.Verbose], result.Actions.Select(a => a.LogLevel));
        Assert.Equal(LogLevels.Verbose, filter.LogLevel);
    }

    [Fact]
    public void VerbosityIsClamped()
    {
        var up = new EscapeFilter((byte)'~', false, logLevel: LogLevels.Debug3);
        Assert.Equal("~v [LogLevel DEBUG3]\r\n", S(up.Process(B("~v")).ToStderr));
        var down = new EscapeFilter((byte)'~', false, logLevel: LogLevels.Quiet);
        Assert.Equal("~V [LogLevel SILENT]\r\n", S(down.Process(B("~V")).ToStderr));
    }

    [Fact]
    public void VerbosityWhenLoggingToSyslog()
    {
        var filter = new EscapeFilter((byte)'~', false, logToStderr: false);
        Assert.Equal(("", "~v [Logging to syslog]\r\n", ""), Run(filter, "~v"));
    }

    [Theory]
    [InlineData("\x1a", "~^Z escape not available to multiplexed sessions\r\n")]
    [InlineData("&", "~& escape not available to multiplexed sessions\r\n")]
    [InlineData("C", "~C escape not available to multiplexed sessions\r\n")]
    [InlineData("v", "~v escape not available to multiplexed sessions\r\n")]
    [InlineData("V", "~V escape not available to multiplexed sessions\r\n")]
    public void NotAvailableInMultiplexedSessions(string command, string message)
    {
        var filter = Tilde(mux: true, cmdline: true);
        var (remote, stderr, actions) = Run(filter, "~" + command + "~.");
        Assert.Equal("", remote);
        Assert.Equal(message, stderr); // and start of line is kept: ~. still works
        Assert.Equal("Disconnect", actions);
    }

    [Fact]
    public void MultiplexedSessionsStillBreakRekeyAndList() =>
        Assert.Equal("SendBreak,Rekey,ListForwards", Run(Tilde(mux: true), "~B~R~#").Actions);

    [Fact]
    public void NoEscapeCharPassesEverything()
    {
        var filter = new EscapeFilter(null, false);
        var result = filter.Process(B("~.\n~?"));
        Assert.Equal("~.\n~?", S(result.ToRemote));
        Assert.Empty(result.Actions);
        Assert.False(result.StoppedReading);
    }

    [Fact]
    public void OtherEscapeCharacter()
    {
        var filter = new EscapeFilter(0x1d, false); // ^]
        Assert.Equal("~.", Run(filter, "~.").Remote);
        var result = filter.Process(B("\r\x1d."));
        Assert.Equal([EscapeActionKind.Disconnect], result.Actions.Select(a => a.Kind));
    }

    [Fact]
    public void HighByteEscapeCharacter()
    {
        var result = new EscapeFilter(0xa7, false).Process([0xa7, 0xa7, (byte)'x']);
        Assert.Equal([0xa7, (byte)'x'], result.ToRemote);
    }

    [Fact]
    public void BinaryZeroIsData() => Assert.Equal("\0~.", Run(Tilde(), "\0~.").Remote);

    [Fact]
    public void HelpIsWrittenToStderr()
    {
        var (remote, stderr, actions) = Run(Tilde(), "~?");
        Assert.Equal("", remote);
        Assert.Equal(EscapeHelpTextTests.Normal, stderr);
        Assert.Equal("Help", actions);
    }

    [Fact]
    public void MatchesARecordedSsh92Session()
    {
        // Typed into /usr/bin/ssh -tt (LogLevel INFO) against a local sshd, one read each.
        var filter = Tilde();
        var (remote, stderr, actions) = Run(filter, "\r~?", "~v", "~V", "~V", "~C", "~#", "~x\r", "~.");
        Assert.Equal("\r~x\r", remote);
        Assert.Equal(EscapeHelpTextTests.Normal +
                     "~v [LogLevel VERBOSE]\r\n~V [LogLevel INFO]\r\n~V [LogLevel ERROR]\r\n" +
                     "commandline disabled\r\n~#\r\n", stderr);
        Assert.Equal("Help,LogLevelChanged,LogLevelChanged,LogLevelChanged,ListForwards,Disconnect", actions);
    }

    [Fact]
    public void MatchesARecordedMultiplexedSsh92Session()
    {
        var (_, stderr, actions) = Run(Tilde(mux: true), "\r~?", "~v", "~C", "~&", "~\x1a", "~B", "~R", "~#", "~.");
        Assert.Equal(EscapeHelpTextTests.Multiplexed +
                     "~v escape not available to multiplexed sessions\r\n" +
                     "~C escape not available to multiplexed sessions\r\n" +
                     "~& escape not available to multiplexed sessions\r\n" +
                     "~^Z escape not available to multiplexed sessions\r\n" +
                     "~B\r\n~#\r\n", stderr);
        Assert.Equal("Help,SendBreak,Rekey,ListForwards,Disconnect", actions);
    }

    [Fact]
    public void ClosingMessages()
    {
        Assert.Equal("Connection to h closed.\r\n", SessionMessages.ConnectionClosed("h"));
        Assert.Equal("Shared connection to h closed.\r\n", SessionMessages.SharedConnectionClosed("h"));
    }
}
