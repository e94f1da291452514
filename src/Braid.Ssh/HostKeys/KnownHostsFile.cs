using System.Buffers.Binary;
using System.Text;

namespace Braid.Ssh.HostKeys;

/// <summary>A parsed known_hosts file. Parsing is lenient like hostfile.c hostkeys_foreach_file:
/// comments, blank lines and lines OpenSSH cannot read are skipped (their numbers are kept in
/// <see cref="InvalidLines"/>), so one bad line never hides the rest of the file.</summary>
public sealed class KnownHostsFile
{
    public string Path { get; }
    public IReadOnlyList<KnownHostsEntry> Entries { get; }
    /// <summary>Line numbers of non-comment lines that could not be parsed.</summary>
    public IReadOnlyList<int> InvalidLines { get; }

    private KnownHostsFile(string path, List<KnownHostsEntry> entries, List<int> invalid)
    {
        Path = path;
        Entries = entries;
        InvalidLines = invalid;
    }

    /// <summary>Reads the file; a file that does not exist (or is a directory, or unreadable) is
    /// empty, as ssh treats it: load_hostkeys only logs at debug level.</summary>
    public static KnownHostsFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text = "";
        }
        return Parse(path, text);
    }

    public static KnownHostsFile Parse(string path, string text)
    {
        var entries = new List<KnownHostsEntry>();
        var invalid = new List<int>();
        int lineNumber = 0;
        foreach (var rawLine in SplitLines(text))
        {
            lineNumber++;
            var result = ParseLine(path, lineNumber, rawLine);
            if (result.Entry is not null) entries.Add(result.Entry);
            else if (result.Invalid) invalid.Add(lineNumber);
        }
        return new KnownHostsFile(path, entries, invalid);
    }

    /// <summary>getline semantics: lines end at '\n'; a final line without '\n' still counts.</summary>
    internal static IEnumerable<string> SplitLines(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            if (nl < 0) { yield return text[start..]; yield break; }
            yield return text[start..nl];
            start = nl + 1;
        }
    }

    private readonly record struct LineResult(KnownHostsEntry? Entry, bool Invalid);

    private static LineResult ParseLine(string path, int lineNumber, string line)
    {
        var invalid = new LineResult(null, true);
        int p = SkipBlanks(line, 0);
        // A lone '\r' (CRLF files) is whitespace to nobody in OpenSSH; such keys then fail base64 decoding
        // there too, except we trim it to be kind to files edited on Windows.
        line = line.TrimEnd('\r');
        if (p >= line.Length || line[p] == '#') return new LineResult(null, false);

        var marker = KnownHostsMarker.None;
        if (line[p] == '@')
        {
            int end = IndexOfBlank(line, p);
            if (end < 0) return invalid;
            var word = line[p..end];
            marker = word switch
            {
                "@cert-authority" => KnownHostsMarker.CertAuthority,
                "@revoked" => KnownHostsMarker.Revoked,
                _ => (KnownHostsMarker)(-1),
            };
            if ((int)marker < 0) return invalid;
            p = SkipBlanks(line, end);
            if (p < line.Length && line[p] == '@') return invalid; // only one marker is allowed
        }

        int hostsEnd = IndexOfBlank(line, p);
        if (hostsEnd < 0) return invalid;
        var hosts = line[p..hostsEnd];
        if (hosts.StartsWith('|') && HashedHostName.TryParse(hosts) is null) return invalid; // "bad host hash"

        p = SkipBlanks(line, hostsEnd);
        if (p >= line.Length || line[p] == '#') return invalid; // truncated before key type
        int typeEnd = IndexOfBlank(line, p);
        if (typeEnd < 0) return invalid;
        var keyType = SshKeyTypeNames.Canonical(line[p..typeEnd]);
        if (keyType is null) return invalid;

        p = SkipBlanks(line, typeEnd);
        int blobEnd = IndexOfBlank(line, p);
        if (blobEnd < 0) blobEnd = line.Length;
        if (blobEnd == p) return invalid;
        var blob = DecodeBlob(line.AsSpan(p, blobEnd - p));
        // sshkey_read refuses a blob whose embedded type differs from the name in front of it.
        if (blob is null || BlobKeyType(blob) != keyType) return invalid;

        var comment = line[blobEnd..].Trim(' ', '\t');
        return new LineResult(new KnownHostsEntry(path, lineNumber, marker, hosts, keyType, blob, comment), false);
    }

    private static byte[]? DecodeBlob(ReadOnlySpan<char> base64)
    {
        var buffer = new byte[base64.Length * 3 / 4 + 3];
        return Convert.TryFromBase64Chars(base64, buffer, out int n) ? buffer[..n] : null;
    }

    /// <summary>The leading SSH string of a public key blob (its key type), or null if malformed.</summary>
    internal static string? BlobKeyType(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 4) return null;
        uint len = BinaryPrimitives.ReadUInt32BigEndian(blob);
        if (len > 256 || len > blob.Length - 4) return null;
        return Encoding.ASCII.GetString(blob.Slice(4, (int)len));
    }

    private static int SkipBlanks(string s, int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t')) i++;
        return i;
    }

    private static int IndexOfBlank(string s, int from) => s.IndexOfAny([' ', '\t'], from);
}
