namespace Braid.Cli.CommandLine;

/// <summary>OpenSSH's a2port(): a decimal 0..65535, else a TCP service name; -1 if neither.</summary>
internal static class PortNumber
{
    public static int Parse(string text, Func<string, int?> serviceLookup)
    {
        if (TryParseDecimal(text, 0, 65535, out var port)) return (int)port;
        return serviceLookup(text) ?? -1;
    }

    /// <summary>
    /// strtonum(3): optional leading whitespace and sign (strtoll accepts them), then
    /// digits to the end of the string, within [min, max].
    /// </summary>
    public static bool TryParseDecimal(string text, long min, long max, out long value)
    {
        value = 0;
        var i = 0;
        while (i < text.Length && IsCSpace(text[i])) i++;
        var negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
        var digitsStart = i;
        long magnitude = 0;
        for (; i < text.Length && text[i] >= '0' && text[i] <= '9'; i++)
        {
            magnitude = magnitude * 10 + (text[i] - '0');
            if (magnitude > 1L << 40) return false; // far out of any range we use
        }
        if (i == digitsStart || i != text.Length) return false;
        value = negative ? -magnitude : magnitude;
        return value >= min && value <= max;
    }

    internal static bool IsCSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
