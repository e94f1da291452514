namespace Braid.Cli.CommandLine;

/// <summary>
/// Splits a -o argument into keyword and value the way readconf.c's process_config_line()
/// finds the keyword: it ends at whitespace or '=', and one '=' with optional whitespace
/// around it separates it from the value.
/// </summary>
internal static class DashOLine
{
    /// <summary>False for a blank or comment line, which ssh silently ignores.</summary>
    public static bool TrySplit(string line, out string keyword, out string value)
    {
        keyword = value = "";
        var text = line.TrimEnd(' ', '\t', '\r', '\n');
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        var start = i;
        while (i < text.Length && text[i] is not (' ' or '\t' or '=')) i++;
        keyword = text[start..i];
        if (keyword.Length == 0 || keyword.StartsWith('#')) return false;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        if (i < text.Length && text[i] == '=') i++;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        value = text[i..];
        return true;
    }
}
