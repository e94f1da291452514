using System.Globalization;

namespace Braid.Config;

/// <summary>
/// Keywords whose values are names from a fixed table (IPQoS, LogLevel, SyslogFacility,
/// FingerprintHash): parsing is case-insensitive, printing uses the first name listed for a value,
/// as OpenSSH's tables do.
/// </summary>
internal static class NamedValues
{
    public const int IpQosNone = int.MaxValue;

    private static readonly (string Name, int Value)[] IpQosNames =
    [
        ("none", IpQosNone),
        ("af11", 0x28), ("af12", 0x30), ("af13", 0x38),
        ("af21", 0x48), ("af22", 0x50), ("af23", 0x58),
        ("af31", 0x68), ("af32", 0x70), ("af33", 0x78),
        ("af41", 0x88), ("af42", 0x90), ("af43", 0x98),
        ("cs0", 0x00), ("cs1", 0x20), ("cs2", 0x40), ("cs3", 0x60),
        ("cs4", 0x80), ("cs5", 0xa0), ("cs6", 0xc0), ("cs7", 0xe0),
        ("ef", 0xb8), ("le", 0x04),
        ("lowdelay", 0x10), ("throughput", 0x08), ("reliability", 0x04),
    ];

    /// <summary>parse_ipqos: a DSCP/TOS name or a number 0..255 in C notation (strtol base 0: 42, 052, 0x2a); -1 when invalid.</summary>
    public static int ParseIpQos(string? s)
    {
        if (s is null) return -1;
        foreach (var (n, v) in IpQosNames)
            if (string.Equals(n, s, StringComparison.OrdinalIgnoreCase)) return v;
        var val = ValueParsers.StrtolBase0(s);
        return val is >= 0 and <= 255 ? (int)val : -1;
    }

    /// <summary>iptos2str: the first name for a value, else "0x%02x".</summary>
    public static string IpQosName(int v)
    {
        foreach (var (n, val) in IpQosNames) if (val == v) return n;
        return "0x" + v.ToString("x2", CultureInfo.InvariantCulture);
    }

    private static readonly (string Name, int Value)[] LogLevels =
    [
        // 9.2's log.c lists SILENT before QUIET (same level), so -G prints "SILENT" for LogLevel QUIET.
        ("SILENT", 0), ("QUIET", 0), ("FATAL", 1), ("ERROR", 2), ("INFO", 3), ("VERBOSE", 4),
        ("DEBUG", 5), ("DEBUG1", 5), ("DEBUG2", 6), ("DEBUG3", 7),
    ];

    public static int ParseLogLevel(string? s)
    {
        if (s is null) return -1;
        foreach (var (n, v) in LogLevels) if (string.Equals(n, s, StringComparison.OrdinalIgnoreCase)) return v;
        return -1;
    }

    public static string LogLevelName(int v)
    {
        foreach (var (n, val) in LogLevels) if (val == v) return n;
        return "UNKNOWN";
    }

    private static readonly string[] Facilities =
        ["DAEMON", "USER", "AUTH", "AUTHPRIV", "LOCAL0", "LOCAL1", "LOCAL2", "LOCAL3", "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7"];

    public static int ParseFacility(string? s)
    {
        if (s is null) return -1;
        for (int i = 0; i < Facilities.Length; i++)
            if (string.Equals(Facilities[i], s, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    public static string FacilityName(int v) => v >= 0 && v < Facilities.Length ? Facilities[v] : "UNKNOWN";

    private static readonly string[] Digests = ["MD5", "SHA1", "SHA256", "SHA384", "SHA512"];

    public static int ParseDigest(string s)
    {
        for (int i = 0; i < Digests.Length; i++)
            if (string.Equals(Digests[i], s, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    public static string DigestName(int v) => v >= 0 && v < Digests.Length ? Digests[v] : "UNKNOWN";

}
