namespace Braid.Cli.Escapes;

/// <summary>The outcome of filtering one read from the local terminal.</summary>
public sealed class EscapeResult
{
    internal EscapeResult(byte[] toRemote, byte[] toStderr, IReadOnlyList<EscapeAction> actions, bool stopped)
    {
        ToRemote = toRemote;
        ToStderr = toStderr;
        Actions = actions;
        StoppedReading = stopped;
    }

    /// <summary>The bytes to send on the session channel.</summary>
    public byte[] ToRemote { get; }

    /// <summary>What to write to the local stderr (escape echoes, help, messages), with "\r\n" line ends.</summary>
    public byte[] ToStderr { get; }

    /// <summary>The escapes recognised, in input order.</summary>
    public IReadOnlyList<EscapeAction> Actions { get; }

    /// <summary>
    /// True after ~. or ~&amp;: OpenSSH stops filtering there and the rest of this read is
    /// dropped (for ~&amp; the child then sends a fake EOF, 0x04, which is included in ToRemote).
    /// </summary>
    public bool StoppedReading { get; }
}
