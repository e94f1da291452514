using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Braid.Integration.Tests.Security;

/// <summary>
/// A man in the middle on 127.0.0.1 in front of a real sshd, for Terrapin-style tests: it forwards both
/// directions unchanged except that it adds one extra packet to the server→client stream, next to the
/// server's KEXINIT. The initial key exchange is in the clear, so the binary packet framing
/// (uint32 length, byte padding length, payload, padding; no MAC) is enough to find the boundary.
/// Dispose stops listening and closes every connection it made.
/// </summary>
public sealed class InjectingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly byte[]? _extraPayload;
    private readonly bool _beforeKexInit;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = new();
    private int _injected;

    public int Port { get; }
    /// <summary>How many times the extra packet went out (once per client connection).</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <param name="extraPayload">The message to add (type byte first); null forwards everything untouched.</param>
    /// <param name="beforeKexInit">Add it just before the server's KEXINIT instead of just after.</param>
    public InjectingProxy(int upstreamPort, byte[]? extraPayload, bool beforeKexInit = false)
    {
        _upstreamPort = upstreamPort;
        _extraPayload = extraPayload;
        _beforeKexInit = beforeKexInit;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public static byte[] Ignore() => [2, 0, 0, 0, 8, .. "terrapin"u8];
    public static byte[] Unimplemented() => [3, 0, 0, 0, 0];
    public static byte[] Debug() => [4, 0, 0, 0, 0, 5, .. "hello"u8, 0, 0, 0, 0];

    /// <summary>A cleartext packet: padding brings the whole to a multiple of 8 with at least 4 bytes.</summary>
    public static byte[] Frame(byte[] payload)
    {
        int pad = 8 - (5 + payload.Length) % 8;
        if (pad < 4) pad += 8;
        var p = new byte[5 + payload.Length + pad];
        BinaryPrimitives.WriteUInt32BigEndian(p, (uint)(1 + payload.Length + pad));
        p[4] = (byte)pad;
        payload.CopyTo(p, 5);
        return p;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            var server = new TcpClient();
            lock (_sockets) { _sockets.Add(client); _sockets.Add(server); }
            _ = RelayAsync(client, server);
        }
    }

    private async Task RelayAsync(TcpClient client, TcpClient server)
    {
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            var up = CopyAsync(client.GetStream(), server.GetStream());
            var down = ServerToClientAsync(server.GetStream(), client.GetStream());
            await Task.WhenAny(up, down);
        }
        catch (Exception) { }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task CopyAsync(Stream from, Stream to)
    {
        try { await from.CopyToAsync(to, _stop.Token); } catch (Exception) { }
    }

    private async Task ServerToClientAsync(NetworkStream from, NetworkStream to)
    {
        var ct = _stop.Token;
        // Identification: lines up to and including the one starting "SSH-".
        while (true)
        {
            var line = new List<byte>();
            var one = new byte[1];
            do
            {
                await from.ReadExactlyAsync(one, ct);
                line.Add(one[0]);
            } while (one[0] != (byte)'\n');
            await to.WriteAsync(line.ToArray(), ct);
            if (line.Count >= 4 && line[0] == 'S' && line[1] == 'S' && line[2] == 'H' && line[3] == '-') break;
        }
        // The first binary packet is the server's KEXINIT.
        var len = new byte[4];
        await from.ReadExactlyAsync(len, ct);
        var rest = new byte[BinaryPrimitives.ReadUInt32BigEndian(len)];
        await from.ReadExactlyAsync(rest, ct);
        if (rest.Length < 2 || rest[1] != 20) throw new InvalidDataException($"first server packet is type {rest[1]}, not KEXINIT");
        byte[] kexInit = [.. len, .. rest];
        byte[] extra = _extraPayload != null ? Frame(_extraPayload) : [];
        byte[] burst = _beforeKexInit ? [.. extra, .. kexInit] : [.. kexInit, .. extra];
        await to.WriteAsync(burst, ct); // one write: the client sees both in the same read
        if (_extraPayload != null) Interlocked.Increment(ref _injected);
        await CopyAsync(from, to);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets) foreach (var s in _sockets) s.Dispose();
    }
}
