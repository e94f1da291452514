namespace Braid.Cli.Escapes;

/// <summary>Texts the OpenSSH client loop prints around an interactive session.</summary>
public static class SessionMessages
{
    /// <summary>
    /// Printed to stderr when a session that had a pty ends and LogLevel is at least INFO
    /// (quit_message() in clientloop.c: "%s\r\n"); host is the name connected to.
    /// </summary>
    public static string ConnectionClosed(string host) => $"Connection to {host} closed.\r\n";

    /// <summary>The same for a multiplexed (ControlMaster client) session; mux.c prints this one.</summary>
    public static string SharedConnectionClosed(string host) => $"Shared connection to {host} closed.\r\n";
}
