using System.Net.Sockets;

namespace Braid.Ssh.Transport;

/// <summary>
/// A TCP stream that acknowledges small reads at once (TCP_QUICKACK). The handshake and session
/// start are chains of small messages; sshd leaves Nagle on until a session is interactive, so each
/// of its second-in-a-row small writes waits for our ACK, which Linux delays by up to 40 ms. Measured:
/// two such stalls made up most of a fresh connection's time. Bulk reads (large) keep delayed ACKs.
/// Linux clears TCP_QUICKACK by itself, so it is set again after each small read.
/// </summary>
internal sealed class QuickAckNetworkStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    private const int IpProtoTcp = 6, TcpQuickAck = 12;
    private const int SmallRead = 16 * 1024;
    private static readonly byte[] On = [1, 0, 0, 0];
    private bool _unsupported = socket.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n > 0 && n < SmallRead) QuickAck();
        return n;
    }

    public override int Read(Span<byte> buffer)
    {
        int n = base.Read(buffer);
        if (n > 0 && n < SmallRead) QuickAck();
        return n;
    }

    private void QuickAck()
    {
        if (_unsupported) return;
        try { Socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, On); }
        catch (SocketException) { _unsupported = true; }
        catch (ObjectDisposedException) { }
    }
}
