namespace Braid.Cli.CommandLine;

/// <summary>The <c>-Q</c> queries OpenSSH 9.2 (Debian build) accepts, and their aliases.</summary>
public static class QueryNames
{
    /// <summary>What <c>ssh -Q help</c> prints (without the final newline).</summary>
    public const string HelpText =
        "cipher\ncipher-auth\ncompression\nkex\nkex-gss\nkey\nkey-cert\nkey-plain\nkey-sig\nmac\nprotocol-version\nsig";

    /// <summary>Maps the -Q argument to its canonical name, or null if ssh rejects it.</summary>
    public static string? Canonicalize(string query)
    {
        // Exact (case-sensitive) names first, as ssh.c compares them with strcmp.
        switch (query)
        {
            case "cipher": case "cipher-auth": case "compression": case "kex": case "kex-gss":
            case "key": case "key-cert": case "key-plain": case "key-sig": case "mac":
            case "protocol-version": case "sig": case "help":
                return query;
        }
        // Config keyword aliases are compared with strcasecmp.
        if (Is(query, "Ciphers")) return "cipher";
        if (Is(query, "MACs")) return "mac";
        if (Is(query, "KexAlgorithms")) return "kex";
        if (Is(query, "PubkeyAcceptedKeyTypes") || Is(query, "PubkeyAcceptedAlgorithms") ||
            Is(query, "HostKeyAlgorithms") || Is(query, "HostbasedKeyTypes") ||
            Is(query, "HostbasedAcceptedKeyTypes") || Is(query, "HostbasedAcceptedAlgorithms"))
            return "key-sig";
        return null;
    }

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
