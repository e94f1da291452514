namespace Braid.Cli.CommandLine;

/// <summary>
/// Validation of -c and -m lists (ciphers_valid / mac_valid): the comma-separated names
/// must be known, up to the first empty one. -c may carry one leading '+' or '^' (append /
/// prepend to the default list); -m may not. The default name sets are OpenSSH 9.2's
/// (<c>ssh -Q cipher</c>, <c>ssh -Q mac</c>); the lead may pass Braid's own.
/// </summary>
public static class AlgorithmNames
{
    public static readonly IReadOnlySet<string> OpenSshCiphers = new HashSet<string>(StringComparer.Ordinal)
    {
        "3des-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc", "aes128-ctr", "aes192-ctr", "aes256-ctr",
        "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
    };

    public static readonly IReadOnlySet<string> OpenSshMacs = new HashSet<string>(StringComparer.Ordinal)
    {
        "hmac-sha1", "hmac-sha1-96", "hmac-sha2-256", "hmac-sha2-512", "hmac-md5", "hmac-md5-96",
        "umac-64@openssh.com", "umac-128@openssh.com", "hmac-sha1-etm@openssh.com",
        "hmac-sha1-96-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
        "hmac-md5-etm@openssh.com", "hmac-md5-96-etm@openssh.com", "umac-64-etm@openssh.com",
        "umac-128-etm@openssh.com",
    };

    public static bool IsValidCipherList(string list, IReadOnlySet<string> known) =>
        IsValidList(list.StartsWith('+') || list.StartsWith('^') ? list[1..] : list, known);

    public static bool IsValidMacList(string list, IReadOnlySet<string> known) => IsValidList(list, known);

    // cipher.c/mac.c walk the list with strsep() and stop at the first empty name, so
    // "aes128-ctr,,junk" and ",junk" pass here (the latter fails later, in the config
    // layer); only an entirely empty list is rejected outright.
    private static bool IsValidList(string list, IReadOnlySet<string> known)
    {
        if (list.Length == 0) return false;
        foreach (var name in list.Split(','))
        {
            if (name.Length == 0) break;
            if (!known.Contains(name)) return false;
        }
        return true;
    }
}
