using System.Security.Cryptography;
using System.Text;
using Braid.Ssh.Keys;

namespace Braid.Ssh.HostKeys;

/// <summary>hostfile.c hostfile_replace_entries as a pure function of the file's text: plain lines for the
/// host (or its address) whose key is not in <c>keys</c> are dropped; every other line (comments, invalid
/// lines, other hosts, @cert-authority/@revoked) is kept byte for byte; keys not yet recorded under both
/// names are appended as ssh writes them. The messages are ssh's (logged at VERBOSE by the caller once the
/// new content is in place).</summary>
public static class KnownHostsReplacement
{
    public sealed record Result(string? NewText, IReadOnlyList<string> Messages);

    /// <param name="path">The file name as ssh prints it in messages.</param>
    /// <param name="keys">The keys the host has now (empty for files that only lose entries).</param>
    public static Result Apply(string path, string text, string host, string? ip, IReadOnlyList<PublicKey> keys,
        bool hash, HashAlgorithmName fingerprintHash)
    {
        var parsed = KnownHostsFile.Parse(path, text);
        var byLine = parsed.Entries.ToDictionary(e => e.LineNumber);
        var invalid = parsed.InvalidLines.ToHashSet();
        var matches = new KnownHostsUpdatePlan.Match[keys.Count];
        var messages = new List<string>();
        var output = new StringBuilder(text.Length + 128 * keys.Count);
        bool modified = false;
        int lineNumber = 0;
        foreach (var line in KnownHostsFile.SplitLines(text))
        {
            lineNumber++;
            if (byLine.TryGetValue(lineNumber, out var e) && e.Marker == KnownHostsMarker.None &&
                KnownHostsUpdatePlan.MatchOf(e, host, ip) is var m && m != KnownHostsUpdatePlan.Match.None)
            {
                int i = KnownHostsUpdatePlan.IndexOf(keys, e);
                if (i < 0)
                {
                    messages.Add($"{path}:{lineNumber}: Removed {SshKeyTypeNames.ShortName(e.KeyType)} key for host {host}");
                    modified = true;
                    continue;
                }
                matches[i] |= m;
            }
            else if (invalid.Contains(lineNumber))
                messages.Add($"{path}:{lineNumber}: invalid known_hosts entry");
            output.Append(line).Append('\n');
        }

        var want = KnownHostsUpdatePlan.WantedFor(ip);
        for (int i = 0; i < keys.Count; i++)
        {
            var have = matches[i];
            if ((have & want) == want) continue;
            string what;
            IReadOnlyList<string> lines;
            if (have == KnownHostsUpdatePlan.Match.None)
            {
                what = "Adding new key";
                lines = KnownHostsLineFormatter.Format(host, ip, keys[i].KeyType, keys[i].Blob, hash);
            }
            else if ((want & ~have) == KnownHostsUpdatePlan.Match.Host)
            {
                what = "Fixing match (hostname)";
                lines = KnownHostsLineFormatter.Format(host, null, keys[i].KeyType, keys[i].Blob, hash);
            }
            else
            {
                what = "Fixing match (address)";
                lines = KnownHostsLineFormatter.Format(ip!, null, keys[i].KeyType, keys[i].Blob, hash);
            }
            foreach (var l in lines) output.Append(l).Append('\n');
            messages.Add($"{what} for {host}{(ip is null ? "" : "," + ip)} to {path}: {keys[i].KeyType} {KeyFingerprint.Of(keys[i].Blob, fingerprintHash)}");
            modified = true;
        }
        return new Result(modified ? output.ToString() : null, messages);
    }
}
