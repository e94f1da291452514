using System.Security.Cryptography;
using System.Text;

namespace Braid.Ssh.Keys;

/// <summary>One "-----BEGIN label-----" … "-----END label-----" block: its label, RFC 1421 headers
/// (Proc-Type, DEK-Info) and decoded body. Body bytes are secret for private keys: callers clear them.</summary>
internal sealed class PemArmor
{
    public required string Label { get; init; }
    public required Dictionary<string, string> Headers { get; init; }
    public required byte[] Body { get; init; }

    /// <summary>Finds the first armored block; null if the text has none. Tolerates CRLF and leading text.</summary>
    public static PemArmor? TryDecode(ReadOnlySpan<byte> fileContents)
    {
        string text;
        try { text = Encoding.UTF8.GetString(fileContents); }
        catch (ArgumentException) { return null; }
        try
        {
            var lines = text.Replace("\r", "").Split('\n');
            int i = 0;
            while (i < lines.Length && !IsMarker(lines[i], "BEGIN")) i++;
            if (i == lines.Length) return null;
            string label = MarkerLabel(lines[i], "BEGIN");
            i++;
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            // RFC 1421 headers end at the first empty line; without headers the body starts at once.
            if (i < lines.Length && lines[i].Contains(':'))
            {
                for (; i < lines.Length && lines[i].Trim().Length > 0; i++)
                {
                    int colon = lines[i].IndexOf(':');
                    if (colon < 0) return null;
                    headers[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
                }
            }
            var b64 = new StringBuilder();
            for (; i < lines.Length && !IsMarker(lines[i], "END"); i++) b64.Append(lines[i].Trim());
            if (i == lines.Length || MarkerLabel(lines[i], "END") != label) return null;
            byte[] body;
            try { body = Convert.FromBase64String(b64.ToString()); }
            catch (FormatException) { return null; }
            finally { b64.Clear(); }
            return new PemArmor { Label = label, Headers = headers, Body = body };
        }
        finally
        {
            // The string copies of a PEM body cannot be cleared; keep their lifetime short and do not cache them.
            text = "";
        }
    }

    public void Clear() => CryptographicOperations.ZeroMemory(Body);

    private static bool IsMarker(string line, string kind) =>
        line.StartsWith("-----" + kind + " ", StringComparison.Ordinal) && line.TrimEnd().EndsWith("-----", StringComparison.Ordinal);

    private static string MarkerLabel(string line, string kind)
    {
        string t = line.TrimEnd();
        return t.Substring(6 + kind.Length, t.Length - 6 - kind.Length - 5);
    }
}
