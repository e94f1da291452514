using Braid.Cli.Escapes;
using Braid.Ssh;
using Braid.Ssh.Channels;
using Braid.Unix;

namespace Braid.Cli;

/// <summary>
/// Connects the escape-character state machine to a live session: bytes for the remote go back to the
/// pump, text for the user goes to the session's stderr, and actions (~., ~B, ~R, ~^Z, ~#) act on the
/// channel and connection. In a multiplexed session ~. closes that session only.
/// </summary>
internal sealed class EscapeInputFilter : IInputFilter
{
    private readonly EscapeFilter _filter;
    private readonly SshChannel _channel;
    private readonly SshConnection _connection;
    private readonly Action<byte[]> _writeStderr;
    private readonly bool _multiplexed;

    public EscapeInputFilter(char escapeChar, SshChannel channel, SshConnection connection, bool multiplexed, int logLevel, Action<byte[]> writeStderr)
    {
        _filter = new EscapeFilter((byte)escapeChar, multiplexed, commandLineEnabled: false, logLevel: logLevel);
        _channel = channel;
        _connection = connection;
        _multiplexed = multiplexed;
        _writeStderr = writeStderr;
    }

    public bool Disconnect { get; private set; }

    public ReadOnlyMemory<byte> Filter(ReadOnlyMemory<byte> input)
    {
        var r = _filter.Process(input.Span);
        if (r.ToStderr.Length > 0) _writeStderr(r.ToStderr);
        foreach (var a in r.Actions)
        {
            switch (a.Kind)
            {
                case EscapeActionKind.Disconnect:
                    Disconnect = true;
                    break;
                case EscapeActionKind.SendBreak:
                    _ = _channel.BreakAsync();
                    break;
                case EscapeActionKind.Rekey:
                    _ = _connection.Transport.StartRekeyAsync();
                    break;
                case EscapeActionKind.Suspend:
                    if (!_multiplexed) Terminal.SuspendProcess();
                    break;
                case EscapeActionKind.ListForwards:
                    _writeStderr(System.Text.Encoding.UTF8.GetBytes(ChannelList()));
                    break;
            }
        }
        return r.ToRemote;
    }

    private string ChannelList()
    {
        return "The following connections are open:\r\n" +
               $"  #{_channel.LocalId} {_channel.ChannelType} (t4 r{_channel.RemoteId} i0/0 o0/0 e[write]/0 fd 0/1/2 sock -1 cc -1)\r\n";
    }
}

internal static class EscapeHandling
{
    public static IInputFilter? Create(char escapeChar, SshChannel channel, SshConnection connection, bool multiplexed, LocalTerminal terminal)
        => new EscapeInputFilter(escapeChar, channel, connection, multiplexed, LogLevels.Info,
            b => { try { Posix.WriteAll(2, b); } catch (UnixException) { } });
}
