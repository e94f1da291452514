namespace Braid.Cli.CommandLine;

/// <summary>
/// The checks the Debian 9.2 ssh applies to command-line host and user names (backport of
/// the 9.6 fix for shell metacharacters reaching %-expansions such as ProxyCommand).
/// Character sets were verified against /usr/bin/ssh.
/// </summary>
internal static class NameValidation
{
    public static bool IsValidHostname(string host)
    {
        if (host.StartsWith('-')) return false;
        foreach (var c in host)
        {
            if ("'`\"$\\;&<>|(){},".Contains(c) || PortNumber.IsCSpace(c) || IsCntrl(c)) return false;
        }
        return true;
    }

    public static bool IsValidRemoteUser(string user)
    {
        if (user.StartsWith('-')) return false;
        for (var i = 0; i < user.Length; i++)
        {
            var c = user[i];
            if (IsCntrl(c) || "'`\";&<>|(){}".Contains(c)) return false;
            // An option-looking word after whitespace could be injected into a command.
            if (PortNumber.IsCSpace(c) && i + 1 < user.Length && user[i + 1] == '-') return false;
            if (c == '\\' && i + 1 == user.Length) return false;
        }
        return true;
    }

    private static bool IsCntrl(char c) => c < 0x20 || c == 0x7f;

    /// <summary>valid_domain(name, 0): what an ssh:// URI's host must look like.</summary>
    public static bool IsValidDomain(string name)
    {
        if (name.Length == 0 || !char.IsAsciiLetterOrDigit(name[0])) return false;
        var last = '\0';
        foreach (var raw in name)
        {
            var c = char.ToLowerInvariant(raw);
            if (last == '.' && c == '.') return false;
            if (c != '.' && c != '-' && c != '_' && !char.IsAsciiLetterOrDigit(c)) return false;
            last = c;
        }
        return true;
    }
}
