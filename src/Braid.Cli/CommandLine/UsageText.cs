namespace Braid.Cli.CommandLine;

/// <summary>OpenSSH 9.2's usage message, byte for byte (printed to stderr, exit 255).</summary>
public static class UsageText
{
    public const string Text =
        "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]\n" +
        "           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]\n" +
        "           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]\n" +
        "           [-i identity_file] [-J [user@]host[:port]] [-L address]\n" +
        "           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]\n" +
        "           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]\n" +
        "           [-w local_tun[:remote_tun]] destination [command [argument ...]]\n";
}
