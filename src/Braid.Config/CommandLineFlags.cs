namespace Braid.Config;

/// <summary>
/// How ssh's single-letter options map onto configuration keywords, so the CLI can hand them to
/// <see cref="ConfigRequest.CommandLineOptions"/> in command-line order. Options that are not
/// keyword settings (-F, -G, -V, -E, -y, -O, -Q) return null; -i, -L, -R, -D, -W, -p and -l have
/// dedicated <see cref="ConfigRequest"/> properties because ssh treats them specially.
/// </summary>
/// <remarks>
/// ssh assigns a few of these unconditionally (-c, -m, -S, -b, -B, -I); here they follow the
/// first-value-wins rule like "-o", which differs only when the same setting is also given with
/// an earlier "-o" on the same command line.
/// </remarks>
public static class CommandLineFlags
{
    /// <summary>
    /// The settings for one occurrence of <paramref name="flag"/>. <paramref name="occurrence"/> counts
    /// repeats (-tt forces a tty, -MM asks, -vvv raises the log level).
    /// </summary>
    public static IReadOnlyList<(string Keyword, string Value)>? ToOptions(char flag, string? argument = null, int occurrence = 1) => flag switch
    {
        '4' => [("AddressFamily", "inet")],
        '6' => [("AddressFamily", "inet6")],
        'A' => [("ForwardAgent", "yes")],
        'a' => [("ForwardAgent", "no")],
        'C' => [("Compression", "yes")],
        'f' => [("ForkAfterAuthentication", "yes"), ("StdinNull", "yes")],
        'g' => [("GatewayPorts", "yes")],
        'K' => [("GSSAPIAuthentication", "yes"), ("GSSAPIDelegateCredentials", "yes")],
        'k' => [("GSSAPIDelegateCredentials", "no")],
        'M' => [("ControlMaster", occurrence >= 2 ? "ask" : "yes")],
        'N' => [("SessionType", "none"), ("RequestTTY", "no")],
        'n' => [("StdinNull", "yes")],
        'q' => [("LogLevel", "QUIET")],
        's' => [("SessionType", "subsystem")],
        'T' => [("RequestTTY", "no")],
        't' => [("RequestTTY", occurrence >= 2 ? "force" : "yes")],
        'v' => [("LogLevel", occurrence switch { 1 => "DEBUG1", 2 => "DEBUG2", _ => "DEBUG3" })],
        'X' => [("ForwardX11", "yes")],
        'x' => [("ForwardX11", "no")],
        'Y' => [("ForwardX11", "yes"), ("ForwardX11Trusted", "yes")],
        'b' => [("BindAddress", Required(flag, argument))],
        'B' => [("BindInterface", Required(flag, argument))],
        'c' => [("Ciphers", Required(flag, argument))],
        'm' => [("MACs", Required(flag, argument))],
        'e' => [("EscapeChar", Required(flag, argument))],
        'I' => [("PKCS11Provider", Required(flag, argument))],
        'J' => [("ProxyJump", Required(flag, argument))],
        'P' => [("Tag", Required(flag, argument))],
        'S' => [("ControlPath", Required(flag, argument))],
        'w' => [("Tunnel", "yes"), ("TunnelDevice", Required(flag, argument))],
        'o' => [(Required(flag, argument), "")],
        _ => null,
    };

    private static string Required(char flag, string? argument) =>
        argument ?? throw new ArgumentException($"option -{flag} requires an argument", nameof(argument));
}
