using System.Buffers.Binary;
using System.Net.Sockets;
using System.Threading.Channels;
using Braid.Ssh;
using Braid.Ssh.Channels;
using Braid.Ssh.Wire;

namespace Braid.Mux.Master;

/// <summary>
/// A `-O proxy` passenger after MUX_S_PROXY: it speaks the connection protocol itself, in plain packets
/// over the control socket, and the master relays its channels to the server, renumbering the ids it
/// chose for its own channels. Unlike OpenSSH 9.2's master, a keepalive request is answered here
/// (REQUEST_FAILURE, which means "alive") instead of dropping the client — and never crashes the master.
/// </summary>
internal sealed class ProxyDownstream : IChannelRelay
{
    private const int MaxPacket = 256 * 1024;
    private readonly MuxMaster _master;
    private readonly SshConnection _connection;
    private readonly Socket _socket;
    private readonly Channel<byte[]> _out = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    public ProxyDownstream(MuxMaster master, Socket socket)
    {
        _master = master;
        _connection = master.Pool.Primary;
        _socket = socket;
    }

    public void Deliver(byte[] payload) => _out.Writer.TryWrite(payload);

    public async Task RunAsync(CancellationToken ct)
    {
        var writer = WriteLoopAsync(ct);
        try
        {
            await ReadLoopAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or SshProtocolException or OperationCanceledException)
        {
            _master.Log.Debug($"proxy client: {e.Message}");
        }
        finally
        {
            await _connection.ReleaseRelayAsync(this).ConfigureAwait(false);
            _out.Writer.TryComplete();
            try { await writer.ConfigureAwait(false); } catch (Exception) { }
        }
    }

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        await foreach (var payload in _out.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            // OpenSSH's proxy reader wants packet_length >= 5: pad tiny messages (a bare REQUEST_FAILURE).
            int pad = Math.Max(0, 4 - payload.Length);
            var frame = new byte[5 + payload.Length + pad];
            BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(1 + payload.Length + pad));
            frame[4] = (byte)pad;
            payload.CopyTo(frame, 5);
            int sent = 0;
            while (sent < frame.Length) sent += await _socket.SendAsync(frame.AsMemory(sent), SocketFlags.None, ct).ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync(CancellationToken ct)
    {
        var head = new byte[5];
        while (true)
        {
            if (!await ReadExactAsync(head, ct).ConfigureAwait(false)) return;
            uint len = BinaryPrimitives.ReadUInt32BigEndian(head);
            int pad = head[4];
            if (len < 2 || len > MaxPacket || pad >= len) throw new SshProtocolException($"bad packet length {len}");
            var body = new byte[len - 1];
            if (!await ReadExactAsync(body, ct).ConfigureAwait(false)) return;
            var payload = body.AsMemory(0, body.Length - pad);
            await HandleAsync(payload).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> payload)
    {
        byte type = payload.Span[0];
        switch (type)
        {
            case MessageNumbers.ChannelOpen:
                {
                    var r = new SshReader(payload.Span[1..]);
                    string chType = r.ReadStringUtf8();
                    uint sender = r.ReadUInt32();
                    uint window = r.ReadUInt32();
                    uint max = r.ReadUInt32();
                    var rest = r.RemainingSpan.ToArray();
                    uint local = _connection.RegisterRelayedChannel(this, sender);
                    using var w = new SshWriter(64 + rest.Length);
                    w.WriteByte(MessageNumbers.ChannelOpen).WriteString(chType).WriteUInt32(local).WriteUInt32(window).WriteUInt32(max).WriteRaw(rest);
                    await _connection.SendRelayedAsync(w.WrittenMemory).ConfigureAwait(false);
                    _master.NotifyActivity();
                    break;
                }
            case MessageNumbers.GlobalRequest:
                {
                    var r = new SshReader(payload.Span[1..]);
                    string name = r.ReadStringUtf8();
                    bool wantReply = r.ReadBoolean();
                    _master.Log.Debug($"proxy client global request {name} answered locally");
                    // Remote forwards for proxy clients come with the forwarding work; everything else
                    // (keepalives in particular) gets a local "failure", which a client reads as "alive".
                    if (wantReply) Deliver([MessageNumbers.RequestFailure]);
                    break;
                }
            case MessageNumbers.ChannelClose:
                if (payload.Length >= 5) _connection.RelayedChannelClosedByDownstream(BinaryPrimitives.ReadUInt32BigEndian(payload.Span[1..]));
                await _connection.SendRelayedAsync(payload).ConfigureAwait(false);
                _master.NotifyActivity();
                break;
            case MessageNumbers.ChannelWindowAdjust:
            case MessageNumbers.ChannelData:
            case MessageNumbers.ChannelExtendedData:
            case MessageNumbers.ChannelEof:
            case MessageNumbers.ChannelRequest:
            case MessageNumbers.ChannelSuccess:
            case MessageNumbers.ChannelFailure:
                // Recipient ids here already name the server's channels.
                await _connection.SendRelayedAsync(payload).ConfigureAwait(false);
                break;
            default:
                throw new SshProtocolException($"proxy client sent unsupported message {type}");
        }
    }

    private async Task<bool> ReadExactAsync(Memory<byte> buf, CancellationToken ct)
    {
        int got = 0;
        while (got < buf.Length)
        {
            int n = await _socket.ReceiveAsync(buf[got..], SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0)
            {
                if (got == 0) return false;
                throw new IOException("proxy client closed mid-packet");
            }
            got += n;
        }
        return true;
    }
}
