namespace Braid.Cli.CommandLine;

/// <summary>
/// Validation of a -J / ProxyJump value as readconf.c parse_jump() does it: "none", or a
/// comma-separated list of hops, each an ssh:// URI or [user@]host[:port], each hop's user
/// and host also passing the command-line name checks.
/// </summary>
internal static class JumpSpec
{
    /// <summary>Returns null when valid, else the error lines ssh prints (each ending "\r\n").</summary>
    public static string? Validate(string spec, Func<string, int?> serviceLookup)
    {
        if (string.Equals(spec, "none", StringComparison.OrdinalIgnoreCase)) return null;
        const string invalid = "Invalid -J argument\r\n";
        // OpenSSH walks the hops from the last comma backwards.
        var hops = spec.Split(',');
        for (var i = hops.Length - 1; i >= 0; i--)
        {
            var hop = hops[i];
            string? user;
            string host;
            switch (DestinationParser.TryParseSshUri(hop, serviceLookup, out user, out host, out _))
            {
                case DestinationParser.UriResult.Malformed:
                    return invalid;
                case DestinationParser.UriResult.NotUri:
                    if (!DestinationParser.TryParseUserHostPort(hop, serviceLookup, out user, out host, out _))
                        return invalid;
                    break;
            }
            if (user is not null && !NameValidation.IsValidRemoteUser(user))
                return $"parse_jump: invalid username \"{user}\"\r\n" + invalid;
            if (!NameValidation.IsValidHostname(host))
                return $"parse_jump: invalid hostname \"{host}\"\r\n" + invalid;
        }
        return null;
    }
}
