namespace Braid.Cli.CommandLine;

/// <summary>misc.c a2tun() for "-w local_tun[:remote_tun]": each side "any" or 0..2147483645.</summary>
internal static class TunnelDeviceArgument
{
    public static bool IsValid(string text)
    {
        var colon = text.IndexOf(':');
        if (colon < 0) return IsValidSide(text);
        return IsValidSide(text[..colon]) && IsValidSide(text[(colon + 1)..]);
    }

    private static bool IsValidSide(string side) =>
        string.Equals(side, "any", StringComparison.OrdinalIgnoreCase) ||
        PortNumber.TryParseDecimal(side, 0, int.MaxValue - 2, out _);
}
