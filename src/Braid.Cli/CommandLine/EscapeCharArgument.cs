namespace Braid.Cli.CommandLine;

/// <summary>The -e / EscapeChar argument: "none", "^X" (a control character) or one character.</summary>
public static class EscapeCharArgument
{
    /// <summary>
    /// Parses like ssh.c: "^" followed by one byte 64..127 gives that byte &amp; 31; any
    /// single byte is itself; "none" disables escapes (null). Returns false if invalid.
    /// </summary>
    public static bool TryParse(string text, out byte? escapeChar)
    {
        escapeChar = null;
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 2 && bytes[0] == (byte)'^' && bytes[1] >= 64 && bytes[1] < 128)
        {
            escapeChar = (byte)(bytes[1] & 31);
            return true;
        }
        if (bytes.Length == 1)
        {
            escapeChar = bytes[0];
            return true;
        }
        return text == "none";
    }
}
