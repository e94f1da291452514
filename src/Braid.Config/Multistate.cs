namespace Braid.Config;

/// <summary>
/// The word→value tables of readconf.c. Parsing is case-insensitive; printing (-G) uses the first
/// word listed for a value, which is why a default ControlMaster prints "false" and a default
/// PubkeyAuthentication prints "true".
/// </summary>
internal static class Multistate
{
    public static readonly (string Key, int Value)[] Flag = [("true", 1), ("false", 0), ("yes", 1), ("no", 0)];
    public static readonly (string Key, int Value)[] YesNoAsk = [("true", 1), ("false", 0), ("yes", 1), ("no", 0), ("ask", 2)];

    // SSH_STRICT_HOSTKEY_OFF=0, NEW=1, YES=2, ASK=3
    public static readonly (string Key, int Value)[] StrictHostKey =
        [("true", 2), ("false", 0), ("yes", 2), ("no", 0), ("ask", 3), ("off", 0), ("accept-new", 1)];

    public static readonly (string Key, int Value)[] YesNoAskConfirm =
        [("true", 1), ("false", 0), ("yes", 1), ("no", 0), ("ask", 2), ("confirm", 3)];

    // AF_INET=2, AF_INET6=10, AF_UNSPEC=0
    public static readonly (string Key, int Value)[] AddressFamily = [("inet", 2), ("inet6", 10), ("any", 0)];

    // SSHCTL_MASTER_NO=0, YES=1, AUTO=2, ASK=3, AUTO_ASK=4
    public static readonly (string Key, int Value)[] ControlMaster =
        [("true", 1), ("yes", 1), ("false", 0), ("no", 0), ("auto", 2), ("ask", 3), ("autoask", 4)];

    // SSH_TUNMODE_NO=0, POINTOPOINT=1 (also DEFAULT), ETHERNET=2
    public static readonly (string Key, int Value)[] Tunnel =
        [("ethernet", 2), ("point-to-point", 1), ("true", 1), ("yes", 1), ("false", 0), ("no", 0)];

    // REQUEST_TTY_AUTO=0, NO=1, YES=2, FORCE=3
    public static readonly (string Key, int Value)[] RequestTty =
        [("true", 2), ("yes", 2), ("false", 1), ("no", 1), ("force", 3), ("auto", 0)];

    // SESSION_TYPE_NONE=0, SUBSYSTEM=1, DEFAULT=2
    public static readonly (string Key, int Value)[] SessionType = [("none", 0), ("subsystem", 1), ("default", 2)];

    // SSH_CANONICALISE_NO=0, YES=1, ALWAYS=2
    public static readonly (string Key, int Value)[] CanonicalizeHostname =
        [("true", 1), ("false", 0), ("yes", 1), ("no", 0), ("always", 2)];

    // SSH_PUBKEY_AUTH_NO=0, UNBOUND=1, HBOUND=2, ALL=3
    public static readonly (string Key, int Value)[] PubkeyAuth =
        [("true", 3), ("false", 0), ("yes", 3), ("no", 0), ("unbound", 1), ("host-bound", 2)];

    // COMP_NONE=0, COMP_ZLIB=1
    public static readonly (string Key, int Value)[] Compression = [("yes", 1), ("no", 0)];

    /// <summary>Value for a word, -1 if not in the table.</summary>
    public static int Parse((string Key, int Value)[] table, string arg)
    {
        foreach (var (k, v) in table) if (string.Equals(k, arg, StringComparison.OrdinalIgnoreCase)) return v;
        return -1;
    }

    /// <summary>fmt_multistate_int: the first word for a value.</summary>
    public static string Format((string Key, int Value)[] table, int value)
    {
        foreach (var (k, v) in table) if (v == value) return k;
        return "UNKNOWN";
    }
}
