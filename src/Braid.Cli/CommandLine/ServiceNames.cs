namespace Braid.Cli.CommandLine;

/// <summary>
/// getservbyname(name, "tcp") from /etc/services, for a2port's fallback (ssh accepts
/// "-p ssh"). Read once, lazily; absent or unreadable file means no names.
/// </summary>
internal static class ServiceNames
{
    private static readonly Lazy<Dictionary<string, int>> Table = new(Load);

    public static int? LookupTcp(string name) => Table.Value.TryGetValue(name, out var port) ? port : null;

    private static Dictionary<string, int> Load()
    {
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var rawLine in File.ReadLines("/etc/services"))
                AddLine(table, rawLine);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return table;
    }

    // Format: "name port/proto [aliases...] [# comment]"
    internal static void AddLine(Dictionary<string, int> table, string rawLine)
    {
        var hash = rawLine.IndexOf('#');
        var line = hash >= 0 ? rawLine[..hash] : rawLine;
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2) return;
        var slash = fields[1].IndexOf('/');
        if (slash < 0 || fields[1][(slash + 1)..] != "tcp") return;
        if (!int.TryParse(fields[1].AsSpan(0, slash), out var port)) return;
        table.TryAdd(fields[0], port);
        for (var i = 2; i < fields.Length; i++) table.TryAdd(fields[i], port);
    }
}
