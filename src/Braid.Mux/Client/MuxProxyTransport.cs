using System.Buffers.Binary;
using System.Net.Sockets;
using Braid.Ssh;
using Braid.Ssh.Transport;

namespace Braid.Mux.Client;

/// <summary>
/// The far side of MUX_C_PROXY: after MUX_S_PROXY the control socket carries plain SSH connection-layer
/// packets — uint32 packet_length, byte padding_length, payload, padding; no MAC, no encryption — and the
/// master relays them to the server. No descriptors are passed, so this works where fds cannot travel.
/// </summary>
public sealed class MuxProxyTransport : IPacketTransport
{
    private const int MaxPacket = 256 * 1024;
    private readonly Socket _socket;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[] _buf = new byte[64 * 1024];

    public MuxProxyTransport(Socket socket, string peerHost)
    {
        _socket = socket;
        PeerHost = peerHost;
    }

    public string PeerHost { get; }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default, Action? onQueued = null)
    {
        // OpenSSH's proxy reader wants packet_length >= 5: pad tiny messages (a bare REQUEST_SUCCESS).
        int pad = Math.Max(0, 4 - payload.Length);
        var frame = new byte[5 + payload.Length + pad];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(1 + payload.Length + pad));
        frame[4] = (byte)pad;
        payload.CopyTo(frame.AsMemory(5));
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            onQueued?.Invoke();
            int sent = 0;
            while (sent < frame.Length) sent += await _socket.SendAsync(frame.AsMemory(sent), SocketFlags.None, ct).ConfigureAwait(false);
        }
        catch (SocketException e) { throw new ConnectionClosedException("control socket: " + e.Message); }
        finally { _writeLock.Release(); }
    }

    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken ct = default)
    {
        while (true)
        {
            await ReadExactAsync(5, ct).ConfigureAwait(false);
            uint len = BinaryPrimitives.ReadUInt32BigEndian(_buf);
            int pad = _buf[4];
            if (len < 2 || len > MaxPacket || pad >= len) throw new SshProtocolException($"proxy: bad packet length {len}");
            int rest = (int)len - 1;
            if (_buf.Length < rest) _buf = new byte[rest];
            await ReadExactAsync(rest, ct).ConfigureAwait(false);
            int payloadLen = rest - pad;
            byte type = _buf[0];
            // Only connection-layer messages belong on this stream (as in OpenSSH's client).
            if (type < 80 || type > 127) continue;
            return _buf.AsMemory(0, payloadLen);
        }
    }

    private async ValueTask ReadExactAsync(int n, CancellationToken ct)
    {
        int got = 0;
        while (got < n)
        {
            int r;
            try { r = await _socket.ReceiveAsync(_buf.AsMemory(got, n - got), SocketFlags.None, ct).ConfigureAwait(false); }
            catch (SocketException e) { throw new ConnectionClosedException("control socket: " + e.Message); }
            if (r == 0) throw new ConnectionClosedException($"Connection to {PeerHost} closed by remote host.");
            got += r;
        }
    }

    public Task DisconnectAsync(uint reason, string description)
    {
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
        return Task.CompletedTask;
    }

    /// <summary>The master owns the keys; a passenger cannot rekey.</summary>
    public Task StartRekeyAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
