using Braid.Ssh;
using Braid.Ssh.Channels;

namespace Braid.Cli;

/// <summary>Connects the escape-character state machine to a live session. Filled in when the escape filter lands.</summary>
internal static class EscapeHandling
{
    public static IInputFilter? Create(char escapeChar, SshChannel channel, SshClient client, bool multiplexed, LocalTerminal terminal) => null;
}
