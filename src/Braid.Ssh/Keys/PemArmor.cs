using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Braid.Ssh.Keys;

/// <summary>One "-----BEGIN label-----" … "-----END label-----" block: its label, RFC 1421 headers
/// (Proc-Type, DEK-Info) and decoded body. Works on the bytes directly so no string copy of a private key
/// is left behind for the garbage collector; callers clear <see cref="Body"/> with <see cref="Clear"/>.</summary>
internal sealed class PemArmor
{
    public required string Label { get; init; }
    public required Dictionary<string, string> Headers { get; init; }
    public required byte[] Body { get; init; }

    private static ReadOnlySpan<byte> Dashes => "-----"u8;

    /// <summary>Finds the first armored block; null if the text has none. Tolerates CRLF and text before it.</summary>
    public static PemArmor? TryDecode(ReadOnlySpan<byte> contents)
    {
        var rest = contents;
        string? label = null;
        while (label is null)
        {
            if (rest.IsEmpty) return null;
            label = MarkerLabel(NextLine(ref rest), "BEGIN ");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // RFC 1421 headers ("Name: value") come first and end at an empty line; base64 never holds ':'.
        var peek = rest;
        if (NextLine(ref peek).IndexOf((byte)':') >= 0)
        {
            while (true)
            {
                if (rest.IsEmpty) return null;
                var line = NextLine(ref rest);
                if (line.IsEmpty) break;
                int colon = line.IndexOf((byte)':');
                if (colon < 0) return null;
                headers[Ascii(line[..colon])] = Ascii(line[(colon + 1)..]);
            }
        }

        // Gather the base64 text (whitespace removed) into a scratch buffer we can clear.
        var b64 = new byte[rest.Length];
        int n = 0;
        try
        {
            while (true)
            {
                if (rest.IsEmpty) return null;
                var line = NextLine(ref rest);
                if (line.StartsWith(Dashes))
                {
                    if (MarkerLabel(line, "END ") != label) return null;
                    break;
                }
                foreach (byte b in line)
                    if (b is not ((byte)' ' or (byte)'\t')) b64[n++] = b;
            }
            var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(n)];
            if (Base64.DecodeFromUtf8(b64.AsSpan(0, n), decoded, out _, out int written) != System.Buffers.OperationStatus.Done)
            {
                CryptographicOperations.ZeroMemory(decoded);
                return null;
            }
            var body = decoded.AsSpan(0, written).ToArray();
            CryptographicOperations.ZeroMemory(decoded);
            return new PemArmor { Label = label, Headers = headers, Body = body };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(b64);
        }
    }

    public void Clear() => CryptographicOperations.ZeroMemory(Body);

    /// <summary>Returns the next line without its "\n" / "\r\n" and advances past it.</summary>
    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> rest)
    {
        int nl = rest.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line;
        if (nl < 0) { line = rest; rest = default; }
        else { line = rest[..nl]; rest = rest[(nl + 1)..]; }
        return line.TrimEnd("\r \t"u8);
    }

    /// <summary>"-----BEGIN X-----" → "X" (kind "BEGIN "), or null when the line is not such a marker.</summary>
    private static string? MarkerLabel(ReadOnlySpan<byte> line, string kind)
    {
        int prefix = Dashes.Length + kind.Length;
        if (line.Length < prefix + Dashes.Length || !line.StartsWith(Dashes) || !line.EndsWith(Dashes)) return null;
        if (!line[Dashes.Length..].StartsWith(Encoding.ASCII.GetBytes(kind))) return null;
        return Ascii(line[prefix..^Dashes.Length]);
    }

    private static string Ascii(ReadOnlySpan<byte> s) => Encoding.ASCII.GetString(s.Trim(" \t"u8));
}
