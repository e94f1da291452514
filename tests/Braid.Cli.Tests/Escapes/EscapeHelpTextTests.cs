using System.Text;
using Braid.Cli.Escapes;

namespace Braid.Cli.Tests.Escapes;

public class EscapeHelpTextTests
{
    // clientloop.c 9.2: " %c%-3s - %s\r\n" per line; ~C only with EnableEscapeCommandline.
    internal const string Normal =
        "~?\r\n" +
        "Supported escape sequences:\r\n" +
        " ~.   - terminate connection (and any multiplexed sessions)\r\n" +
        " ~B   - send a BREAK to the remote system\r\n" +
        " ~R   - request rekey\r\n" +
        " ~V/v - decrease/increase verbosity (LogLevel)\r\n" +
        " ~^Z  - suspend ssh\r\n" +
        " ~#   - list forwarded connections\r\n" +
        " ~&   - background ssh (when waiting for connections to terminate)\r\n" +
        " ~?   - this message\r\n" +
        " ~~   - send the escape character by typing it twice\r\n" +
        "(Note that escapes are only recognized immediately after newline.)\r\n";

    internal const string Multiplexed =
        "~?\r\n" +
        "Supported escape sequences:\r\n" +
        " ~.   - terminate session\r\n" +
        " ~B   - send a BREAK to the remote system\r\n" +
        " ~R   - request rekey\r\n" +
        " ~#   - list forwarded connections\r\n" +
        " ~?   - this message\r\n" +
        " ~~   - send the escape character by typing it twice\r\n" +
        "(Note that escapes are only recognized immediately after newline.)\r\n";

    private static string Build(byte escape, bool mux, bool cmdline) =>
        Encoding.Latin1.GetString(EscapeHelpText.Build(escape, mux, cmdline));

    [Fact]
    public void NormalSession() => Assert.Equal(Normal, Build((byte)'~', false, false));

    [Fact]
    public void NormalSessionWithCommandLine() =>
        Assert.Equal(Normal.Replace(" ~R   -", " ~C   - open a command line\r\n ~R   -"), Build((byte)'~', false, true));

    [Fact]
    public void MultiplexedSession() => Assert.Equal(Multiplexed, Build((byte)'~', true, false));

    [Fact]
    public void MultiplexedSessionNeverShowsCommandLine() => Assert.Equal(Multiplexed, Build((byte)'~', true, true));

    [Fact]
    public void UsesTheConfiguredEscapeCharacter() =>
        Assert.Equal(Normal.Replace('~', '%'), Build((byte)'%', false, false));
}
