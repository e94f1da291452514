namespace Braid.Cli.CommandLine;

/// <summary>OpenSSH's hpdelim2(): split "host[:|/]rest" where host may be "[...]".</summary>
internal static class HostPortDelimiter
{
    /// <summary>
    /// Splits off the first field. remainder is null when there is no further field.
    /// Fails on an unclosed '[' or a ']' not followed by ':', '/' or the end.
    /// </summary>
    public static bool TrySplit(string text, out string field, out char delimiter, out string? remainder)
    {
        field = "";
        delimiter = '\0';
        remainder = null;
        int end;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) return false;
            end = close + 1;
        }
        else
        {
            end = text.IndexOfAny([':', '/']);
            if (end < 0) end = text.Length;
        }

        if (end == text.Length)
        {
            field = text;
            return true;
        }
        if (text[end] != ':' && text[end] != '/') return false;
        field = text[..end];
        delimiter = text[end];
        remainder = text[(end + 1)..];
        return true;
    }

    /// <summary>cleanhostname(): "[addr]" → "addr".</summary>
    public static string StripBrackets(string host) =>
        host.Length >= 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
}
