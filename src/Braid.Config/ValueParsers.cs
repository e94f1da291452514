using System.Globalization;

namespace Braid.Config;

/// <summary>
/// Value syntaxes shared by many keywords, each reproducing the OpenSSH helper named in its comment
/// (including what it accepts by accident, since configs in the wild rely on it).
/// </summary>
internal static class ValueParsers
{
    /// <summary>strtonum(s, min, max): null error on success, else "invalid", "too small" or "too large".</summary>
    public static string? StrToNum(string? s, long min, long max, out long value)
    {
        value = 0;
        if (s is null) return "invalid";
        int i = 0;
        while (i < s.Length && IsCSpace(s[i])) i++;
        int start = i;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
        int digits = i;
        while (i < s.Length && s[i] >= '0' && s[i] <= '9') i++;
        if (i == digits || i != s.Length) return "invalid";
        if (!long.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return s[start] == '-' ? "too small" : "too large";
        if (value < min) return "too small";
        if (value > max) return "too large";
        return null;
    }

    /// <summary>atoi_err: a non-negative int, "missing" when empty.</summary>
    public static string? AtoiErr(string? s, out int value)
    {
        value = 0;
        if (string.IsNullOrEmpty(s)) return "missing";
        var err = StrToNum(s, 0, int.MaxValue, out var v);
        if (err is null) value = (int)v;
        return err;
    }

    /// <summary>a2port: 1..65535 or 0, or a TCP service name from /etc/services; -1 when invalid.</summary>
    public static int ParsePort(string s)
    {
        if (StrToNum(s, 0, 65535, out var v) is null) return (int)v;
        return ServiceLookup(s) ?? -1;
    }

    private static int? ServiceLookup(string name)
    {
        try
        {
            if (!File.Exists("/etc/services")) return name == "ssh" ? 22 : null;
            foreach (var line in File.ReadLines("/etc/services"))
            {
                var hash = line.IndexOf('#');
                var body = hash >= 0 ? line[..hash] : line;
                var parts = body.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2) continue;
                var slash = parts[1].IndexOf('/');
                if (slash < 0 || parts[1][(slash + 1)..] != "tcp") continue;
                bool named = parts[0] == name;
                for (int i = 2; i < parts.Length && !named; i++) named = parts[i] == name;
                if (named && int.TryParse(parts[1].AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                    return p;
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    /// <summary>convtime: "90", "1h30m", "2d" … to seconds; -1 when invalid or over INT_MAX.</summary>
    public static int ConvTime(string? s)
    {
        if (string.IsNullOrEmpty(s)) return -1;
        long total = 0;
        int p = 0;
        while (p < s.Length)
        {
            int q = p;
            while (q < s.Length && IsCSpace(s[q])) q++;
            int numStart = q;
            if (q < s.Length && (s[q] == '+' || s[q] == '-')) q++;
            int digitStart = q;
            while (q < s.Length && char.IsAsciiDigit(s[q])) q++;
            if (q == digitStart) return -1;
            if (!long.TryParse(s.AsSpan(numStart, q - numStart), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var secs)
                || secs < 0 || secs >= int.MaxValue)
                return -1;
            long mult = 1;
            if (q < s.Length)
            {
                switch (s[q])
                {
                    case 's': case 'S': break;
                    case 'm': case 'M': mult = 60; break;
                    case 'h': case 'H': mult = 3600; break;
                    case 'd': case 'D': mult = 86400; break;
                    case 'w': case 'W': mult = 604800; break;
                    default: return -1;
                }
                q++;
            }
            if (secs > int.MaxValue / mult) return -1;
            secs *= mult;
            if (total > int.MaxValue - secs) return -1;
            total += secs;
            p = q;
        }
        return (int)total;
    }

    /// <summary>scan_scaled: "1G", "512M", "1.5K" (binary units) to bytes. Null error on success.</summary>
    public static string? ScanScaled(string s, out long value)
    {
        value = 0;
        int i = 0;
        while (i < s.Length && IsCSpace(s[i])) i++;
        bool neg = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) { neg = s[i] == '-'; i++; }
        int ws = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        var whole = s[ws..i];
        string frac = "";
        if (i < s.Length && s[i] == '.')
        {
            i++;
            int fs = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            frac = s[fs..i];
        }
        if (whole.Length == 0 && frac.Length == 0) return "Invalid argument";
        int shift = 0;
        if (i < s.Length)
        {
            shift = char.ToUpperInvariant(s[i]) switch
            {
                'B' => 0, 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, 'P' => 50, 'E' => 60, _ => -1,
            };
            if (shift < 0) return "Invalid argument";
            i++;
        }
        if (i != s.Length) return "Invalid argument";
        try
        {
            var w = whole.Length == 0 ? System.Numerics.BigInteger.Zero : System.Numerics.BigInteger.Parse(whole, CultureInfo.InvariantCulture);
            var scale = System.Numerics.BigInteger.One << shift;
            var total = w * scale;
            if (frac.Length > 0 && shift > 0)
            {
                var f = System.Numerics.BigInteger.Parse(frac, CultureInfo.InvariantCulture);
                total += f * scale / System.Numerics.BigInteger.Pow(10, frac.Length);
            }
            if (total > long.MaxValue) return "Result too large";
            value = neg ? -(long)total : (long)total;
            return null;
        }
        catch (FormatException)
        {
            return "Invalid argument";
        }
    }

    public const int TunIdAny = 0x7fffffff;
    public const int TunIdErr = TunIdAny - 1;
    private const int TunIdMax = TunIdAny - 2;

    /// <summary>a2tun: "any", "N", "N:M", "any:any".</summary>
    public static int ParseTun(string s, out int remote)
    {
        remote = TunIdAny;
        int colon = s.IndexOf(':');
        if (colon < 0) return ParseTunOne(s);
        remote = ParseTunOne(s[(colon + 1)..]);
        int local = ParseTunOne(s[..colon]);
        return remote == TunIdErr ? remote : local;
    }

    private static int ParseTunOne(string s)
    {
        if (s.Equals("any", StringComparison.OrdinalIgnoreCase)) return TunIdAny;
        return StrToNum(s, 0, TunIdMax, out var v) is null ? (int)v : TunIdErr;
    }

    /// <summary>strtol(s, &amp;end, 0) requiring the whole string to be consumed; null when it is not a number.</summary>
    public static long? StrtolBase0(string s)
    {
        int i = 0;
        while (i < s.Length && IsCSpace(s[i])) i++;
        bool neg = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) { neg = s[i] == '-'; i++; }
        int radix = 10;
        if (i + 1 < s.Length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < s.Length && Uri.IsHexDigit(s[i + 2]))
        {
            radix = 16;
            i += 2;
        }
        else if (i < s.Length && s[i] == '0') radix = 8;
        int start = i;
        long v = 0;
        for (; i < s.Length; i++)
        {
            int d = char.IsAsciiDigit(s[i]) ? s[i] - '0' : char.IsAsciiLetter(s[i]) ? char.ToLowerInvariant(s[i]) - 'a' + 10 : 99;
            if (d >= radix) break;
            v = v * radix + d;
            if (v > int.MaxValue) v = int.MaxValue + 1L;
        }
        if (i == start || i != s.Length) return null;
        return neg ? -v : v;
    }

    /// <summary>valid_domain(name, makelower=1): returns the normalised name or sets an error.</summary>
    public static string? ValidDomain(string name, out string? error)
    {
        error = null;
        if (name.Length == 0)
        {
            error = "empty domain name";
            return null;
        }
        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            error = $"domain name \"{Trunc(name)}\" starts with invalid character";
            return null;
        }
        var lower = PatternMatcher.LowerAscii(name);
        char last = '\0';
        for (int i = 0; i < lower.Length; i++)
        {
            char c = lower[i];
            var shown = lower[..(i + 1)] + name[(i + 1)..];
            if (last == '.' && c == '.')
            {
                error = $"domain name \"{Trunc(shown)}\" contains consecutive separators";
                return null;
            }
            if (c != '.' && c != '-' && !char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                error = $"domain name \"{Trunc(shown)}\" contains invalid characters";
                return null;
            }
            last = c;
        }
        return lower.EndsWith('.') ? lower[..^1] : lower;
    }

    private static string Trunc(string s) => s.Length > 100 ? s[..100] : s;

    public static bool ValidEnvName(string name)
    {
        if (name.Length == 0) return false;
        foreach (var c in name) if (!char.IsAsciiLetterOrDigit(c) && c != '_') return false;
        return true;
    }

    /// <summary>C isspace() in the C locale.</summary>
    public static bool IsCSpace(char c) => c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
