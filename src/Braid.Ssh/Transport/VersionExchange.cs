using System.Text;

namespace Braid.Ssh.Transport;

/// <summary>The identification-string exchange (RFC 4253 §4.2).</summary>
internal static class VersionExchange
{
    public const string ClientVersion = "SSH-2.0-Braid_0.1";

    /// <summary>Reads lines until the server's "SSH-" line. Lines before it are allowed (RFC 4253 §4.2) but
    /// bounded, as OpenSSH bounds them, so a peer that never identifies cannot make us read forever.
    /// Returns the version line (without CR LF) and any bytes read past it.</summary>
    public static async Task<(string Version, ReadOnlyMemory<byte> Remainder)> ReadServerVersionAsync(Stream stream, CancellationToken ct)
    {
        var buf = new byte[8192];
        int len = 0, lineStart = 0, lines = 0;
        while (true)
        {
            for (int i = lineStart; i < len; i++)
            {
                if (buf[i] != (byte)'\n') continue;
                int end = i > lineStart && buf[i - 1] == '\r' ? i - 1 : i;
                var line = buf.AsSpan(lineStart, end - lineStart);
                if (line.StartsWith("SSH-"u8))
                {
                    if (line.Length > 253) throw new SshProtocolException("banner line too long");
                    foreach (byte b in line)
                        if (b < 0x20 || b > 0x7e) throw new SshProtocolException("banner line contains invalid characters");
                    string v = Encoding.ASCII.GetString(line);
                    if (!v.StartsWith("SSH-2.0-", StringComparison.Ordinal) && !v.StartsWith("SSH-1.99-", StringComparison.Ordinal))
                        throw new SshException($"Protocol major versions differ: 2 vs. {(v.Length > 4 ? v[4] : '?')}");
                    return (v, buf.AsMemory(i + 1, len - i - 1));
                }
                if (++lines > 1024) throw new SshProtocolException("banner exchange: too many lines before the version");
                lineStart = i + 1;
            }
            if (lineStart > 0) { buf.AsSpan(lineStart, len - lineStart).CopyTo(buf); len -= lineStart; lineStart = 0; }
            if (len == buf.Length) throw new SshProtocolException("banner exchange: line too long");
            int n = await stream.ReadAsync(buf.AsMemory(len), ct).ConfigureAwait(false);
            if (n == 0)
                throw new ConnectionClosedException(lines == 0 && len == 0
                    ? "Connection closed by remote host"
                    : "Connection closed by remote host during banner exchange");
            len += n;
        }
    }
}
