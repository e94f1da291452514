namespace Braid.Cli.CommandLine;

/// <summary>Parses ssh's destination forms, following OpenSSH misc.c.</summary>
internal static class DestinationParser
{
    public enum UriResult { NotUri, Malformed, Ok }

    /// <summary>
    /// parse_ssh_uri(): "ssh://[user[;params]@]host[:port]" with no path. The user may be
    /// %-encoded; the host must pass valid_domain (so no [IPv6] literals); the port must be 1..65535.
    /// </summary>
    public static UriResult TryParseSshUri(string text, Func<string, int?> serviceLookup,
        out string? user, out string host, out int port)
    {
        user = null;
        host = "";
        port = -1;
        if (!text.StartsWith("ssh://", StringComparison.Ordinal)) return UriResult.NotUri;
        var rest = text[6..];

        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userPart = rest[..at];
            var semicolon = userPart.IndexOf(';');
            if (semicolon >= 0) userPart = userPart[..semicolon]; // connection params are ignored
            if (userPart.Length == 0) return UriResult.Malformed;
            user = UrlDecode(userPart);
            if (user is null) return UriResult.Malformed;
            rest = rest[(at + 1)..];
        }

        if (!HostPortDelimiter.TrySplit(rest, out var hostField, out var delimiter, out var remainder) ||
            hostField.Length == 0)
            return UriResult.Malformed;
        host = HostPortDelimiter.StripBrackets(hostField);
        if (!NameValidation.IsValidDomain(host)) return UriResult.Malformed;

        if (!string.IsNullOrEmpty(remainder))
        {
            if (delimiter == ':')
            {
                var slash = remainder.IndexOf('/');
                var portText = slash >= 0 ? remainder[..slash] : remainder;
                port = PortNumber.Parse(portText, serviceLookup);
                if (port <= 0) return UriResult.Malformed;
                remainder = slash >= 0 ? remainder[(slash + 1)..] : null;
            }
            // Any path (even one that fails to decode) makes it an invalid ssh:// URI.
            if (!string.IsNullOrEmpty(remainder)) return UriResult.Malformed;
        }
        return UriResult.Ok;
    }

    /// <summary>parse_user_host_port(): "[user@]host[:port]", user split at the last '@'.</summary>
    public static bool TryParseUserHostPort(string text, Func<string, int?> serviceLookup,
        out string? user, out string host, out int port)
    {
        user = null;
        host = "";
        port = -1;
        var rest = text;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            if (at == 0) return false;
            user = rest[..at];
            rest = rest[(at + 1)..];
        }
        if (!HostPortDelimiter.TrySplit(rest, out var hostField, out _, out var remainder) || hostField.Length == 0)
            return false;
        host = HostPortDelimiter.StripBrackets(hostField);
        if (!string.IsNullOrEmpty(remainder))
        {
            port = PortNumber.Parse(remainder, serviceLookup);
            if (port <= 0) return false;
        }
        return true;
    }

    // urldecode(): '+' is a space, %XX a byte; a bad escape fails.
    private static string? UrlDecode(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '+') bytes.Add((byte)' ');
            else if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                    return null;
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(c.ToString()));
        }
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }
}
