using System.Text;

namespace Braid.Cli.Escapes;

/// <summary>
/// clientloop.c print_escape_help(): the ~? text. Lines for escapes that do not apply are
/// left out: ~C unless the command line is enabled or in a multiplexed session, the
/// mux-master-only and client-only variants of ~., and ~V/v, ~^Z, ~&amp; for multiplexed sessions.
/// </summary>
public static class EscapeHelpText
{
    [Flags]
    private enum Hide { Never = 0, InMuxClient = 1, InMuxMaster = 2, WithoutCommandLine = 8 }

    private static readonly (string Command, string Text, Hide Hide)[] Entries =
    [
        (".", "terminate session", Hide.InMuxMaster),
        (".", "terminate connection (and any multiplexed sessions)", Hide.InMuxClient),
        ("B", "send a BREAK to the remote system", Hide.Never),
        ("C", "open a command line", Hide.InMuxClient | Hide.WithoutCommandLine),
        ("R", "request rekey", Hide.Never),
        ("V/v", "decrease/increase verbosity (LogLevel)", Hide.InMuxClient),
        ("^Z", "suspend ssh", Hide.InMuxClient),
        ("#", "list forwarded connections", Hide.Never),
        ("&", "background ssh (when waiting for connections to terminate)", Hide.InMuxClient),
        ("?", "this message", Hide.Never),
    ];

    /// <summary>The help as bytes (the escape character is a raw byte).</summary>
    public static byte[] Build(byte escapeChar, bool multiplexed, bool commandLineEnabled)
    {
        var hidden = (multiplexed ? Hide.InMuxClient : Hide.InMuxMaster) |
                     (commandLineEnabled ? Hide.Never : Hide.WithoutCommandLine);
        var e = (char)escapeChar; // Latin-1 round-trips every byte
        var text = new StringBuilder();
        text.Append(e).Append("?\r\nSupported escape sequences:\r\n");
        foreach (var (command, description, hide) in Entries)
        {
            if ((hide & hidden) != 0) continue;
            text.Append(' ').Append(e).Append(command.PadRight(3)).Append(" - ").Append(description).Append("\r\n");
        }
        text.Append(' ').Append(e).Append(e).Append("   - send the escape character by typing it twice\r\n");
        text.Append("(Note that escapes are only recognized immediately after newline.)\r\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }
}
