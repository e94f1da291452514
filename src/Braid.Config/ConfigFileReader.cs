namespace Braid.Config;

/// <summary>
/// read_config_file_depth: feeds a file's lines to <see cref="LineProcessor"/>, counts bad lines and
/// stops with OpenSSH's "terminating" message after the whole file has been reported.
/// </summary>
internal static class ConfigFileReader
{
    private const int MaxIncludeDepth = 16;

    /// <summary>Returns false if the file cannot be opened (a missing file is not an error here).</summary>
    public static bool Read(ParseSession s, string path, ReadFlags flags, ref bool active, int depth)
    {
        if (depth < 0 || depth > MaxIncludeDepth) throw s.Fatal("Too many recursive configuration includes");
        bool isDirectory = Directory.Exists(path);
        if (!isDirectory && !File.Exists(path)) return false;
        if ((flags & ReadFlags.CheckPerm) != 0 && !OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
                throw s.Fatal($"Bad owner or permissions on {path}");
        }
        // fopen(3) succeeds on a directory and reading it yields no lines: an empty configuration.
        if (isDirectory) return true;
        string text;
        try
        {
            // Decode without BOM sniffing: ssh reads bytes, so a BOM is part of the first keyword.
            text = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var lines = text.Split('\n');
        int count = lines.Length;
        if (count > 0 && lines[^1].Length == 0) count--; // the newline that ends the last line
        int bad = 0;
        for (int i = 0; i < count; i++)
        {
            if (LineProcessor.Process(s, lines[i], path, i + 1, ref active, commandLine: false, flags, depth) != 0)
                bad++;
        }
        if (bad > 0) throw s.Fatal($"{path}: terminating, {bad} bad configuration options");
        return true;
    }
}
