using System.Text;

namespace Braid.Cli.Escapes;

/// <summary>
/// The escape-character filter on the bytes typed into an interactive session, as
/// OpenSSH 9.2 clientloop.c process_escapes() does it, as a pure state machine (no I/O:
/// the caller sends, prints and acts on the result).
/// </summary>
/// <remarks>
/// The escape character is recognised only at the start of a line: at the very start and
/// after a '\r' or '\n' byte. A recognised escape (even an unknown one reported as not
/// available) leaves "start of line" as it was, so "~B~." still disconnects. The escape
/// character followed by itself sends one escape character; followed by anything else it
/// sends both. State carries across <see cref="Process"/> calls.
/// </remarks>
public sealed class EscapeFilter
{
    private readonly byte? _escapeChar;
    private readonly bool _multiplexed;
    private readonly bool _commandLineEnabled;
    private readonly bool _logToStderr;
    private bool _atLineStart = true;
    private bool _escapePending;
    private bool _stopped;

    /// <param name="escapeChar">The escape byte, or null for EscapeChar none (everything passes through).</param>
    /// <param name="multiplexed">A session running through a ControlMaster (several escapes are unavailable).</param>
    /// <param name="commandLineEnabled">EnableEscapeCommandline (default no in 9.2): whether ~C opens the command line.</param>
    /// <param name="logLevel">The current LogLevel (<see cref="LogLevels"/>), for ~v/~V.</param>
    /// <param name="logToStderr">False when logging goes to syslog (-y), where ~v/~V only say so.</param>
    public EscapeFilter(byte? escapeChar, bool multiplexed, bool commandLineEnabled = false,
        int logLevel = LogLevels.Info, bool logToStderr = true)
    {
        _escapeChar = escapeChar;
        _multiplexed = multiplexed;
        _commandLineEnabled = commandLineEnabled;
        LogLevel = logLevel;
        _logToStderr = logToStderr;
    }

    /// <summary>The log level after any ~v/~V seen so far.</summary>
    public int LogLevel { get; private set; }

    /// <summary>Whether the next byte would be at the start of a line.</summary>
    public bool AtLineStart => _atLineStart;

    /// <summary>Whether the last byte seen was an escape character awaiting its command.</summary>
    public bool EscapePending => _escapePending;

    public EscapeResult Process(ReadOnlySpan<byte> input)
    {
        var toRemote = new List<byte>(input.Length + 1);
        var toStderr = new List<byte>();
        var actions = new List<EscapeAction>();

        if (_escapeChar is not { } escape || _stopped)
        {
            // No filter at all (EscapeChar none), or the session already ended here.
            if (!_stopped) toRemote.AddRange(input);
            return new EscapeResult(toRemote.ToArray(), [], actions, _stopped);
        }

        void Say(string text) => toStderr.AddRange(Encoding.Latin1.GetBytes(text));
        void Act(EscapeActionKind kind, int level = 0) =>
            actions.Add(new EscapeAction(kind, toRemote.Count, toStderr.Count) { LogLevel = level });
        var e = (char)escape;

        foreach (var ch in input)
        {
            if (_escapePending)
            {
                _escapePending = false;
                switch (ch)
                {
                    case (byte)'.':
                        // OpenSSH queues "~.\r\n" on the channel's stderr buffer, but the
                        // session ends before that buffer is written, so users never see
                        // it (verified against ssh 9.2, plain and multiplexed). Match that.
                        Act(EscapeActionKind.Disconnect);
                        return Stop(toRemote, toStderr, actions);

                    case 'Z' - 64:
                        if (_multiplexed) { NotAvailable(Say, e, "^Z"); continue; }
                        Say($"{e}^Z [suspend ssh]\r\n");
                        Act(EscapeActionKind.Suspend);
                        continue;

                    case (byte)'B':
                        Say($"{e}B\r\n");
                        Act(EscapeActionKind.SendBreak);
                        continue;

                    case (byte)'R':
                        Act(EscapeActionKind.Rekey);
                        continue;

                    case (byte)'V':
                    case (byte)'v':
                        if (_multiplexed) { NotAvailable(Say, e, ((char)ch).ToString()); continue; }
                        if (!_logToStderr) { Say($"{e}{(char)ch} [Logging to syslog]\r\n"); continue; }
                        if (ch == 'V' && LogLevel > LogLevels.Quiet) LogLevel--;
                        if (ch == 'v' && LogLevel < LogLevels.Debug3) LogLevel++;
                        Say($"{e}{(char)ch} [LogLevel {LogLevels.Name(LogLevel)}]\r\n");
                        Act(EscapeActionKind.LogLevelChanged, LogLevel);
                        continue;

                    case (byte)'&':
                        if (_multiplexed) { NotAvailable(Say, e, "&"); continue; }
                        // Note "\n", not "\r\n": OpenSSH has already left raw mode here.
                        Say($"{e}& [backgrounded]\n");
                        Act(EscapeActionKind.Background);
                        toRemote.Add(4); // the backgrounded child fakes EOF on stdin
                        return Stop(toRemote, toStderr, actions);

                    case (byte)'?':
                        toStderr.AddRange(EscapeHelpText.Build(escape, _multiplexed, _commandLineEnabled));
                        Act(EscapeActionKind.Help);
                        continue;

                    case (byte)'#':
                        Say($"{e}#\r\n");
                        Act(EscapeActionKind.ListForwards);
                        continue;

                    case (byte)'C':
                        if (_multiplexed) { NotAvailable(Say, e, "C"); continue; }
                        if (!_commandLineEnabled) { Say("commandline disabled\r\n"); continue; }
                        Act(EscapeActionKind.CommandLine);
                        continue;

                    default:
                        // Not an escape: send the escape char too, unless this is the
                        // escape char itself ("~~" sends one '~'), then treat ch normally.
                        if (ch != escape) toRemote.Add(escape);
                        break;
                }
            }
            else if (_atLineStart && ch == escape)
            {
                _escapePending = true;
                continue;
            }

            _atLineStart = ch == '\r' || ch == '\n';
            toRemote.Add(ch);
        }
        return new EscapeResult(toRemote.ToArray(), toStderr.ToArray(), actions, false);
    }

    private static void NotAvailable(Action<string> say, char escape, string command) =>
        say($"{escape}{command} escape not available to multiplexed sessions\r\n");

    private EscapeResult Stop(List<byte> toRemote, List<byte> toStderr, List<EscapeAction> actions)
    {
        _stopped = true;
        return new EscapeResult(toRemote.ToArray(), toStderr.ToArray(), actions, true);
    }
}
