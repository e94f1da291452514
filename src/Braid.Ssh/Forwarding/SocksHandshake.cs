using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Braid.Ssh.Forwarding;

/// <summary>A SOCKS request we refuse, with the reply the client gets and the reason we log.</summary>
public sealed class SocksRefusedException(string message) : Exception(message);

/// <summary>
/// The server side of a SOCKS 4, 4A or 5 handshake (CONNECT only; IPv4, IPv6 and domain names; SOCKS5
/// with no authentication), as OpenSSH's dynamic forwarding accepts. Reads only the bytes the protocol
/// defines, with caps, so a hostile client cannot make us buffer without bound — and never more than the
/// handshake, so what follows it is left for the pump. Works on a socket (-D) or a channel (-R port).
/// </summary>
public static class SocksHandshake
{
    /// <summary>The requested target and the reply to send once the channel is open (or failed).</summary>
    public sealed record Request(string Host, int Port, int Version);

    public static async Task<Request> ReadRequestAsync(Stream s, CancellationToken ct)
    {
        var first = await ReadExactAsync(s, 1, ct).ConfigureAwait(false);
        return first[0] switch
        {
            4 => await ReadSocks4Async(s, ct).ConfigureAwait(false),
            5 => await ReadSocks5Async(s, ct).ConfigureAwait(false),
            var v => throw new SocksRefusedException($"unknown SOCKS version {v}"),
        };
    }

    private static async Task<Request> ReadSocks4Async(Stream s, CancellationToken ct)
    {
        var h = await ReadExactAsync(s, 7, ct).ConfigureAwait(false); // CD, DSTPORT, DSTIP
        int port = BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(1));
        await ReadZeroTerminatedAsync(s, ct).ConfigureAwait(false); // USERID, ignored as OpenSSH does
        string host;
        // 0.0.0.x with x != 0 marks SOCKS4A: a host name follows the user id.
        if (h[3] == 0 && h[4] == 0 && h[5] == 0 && h[6] != 0) host = await ReadZeroTerminatedAsync(s, ct).ConfigureAwait(false);
        else host = new IPAddress(h.AsSpan(3, 4)).ToString();
        if (h[0] != 1)
        {
            await ReplyAsync(s, 4, false, ct).ConfigureAwait(false);
            throw new SocksRefusedException($"SOCKS4 command {h[0]} refused: only CONNECT (1) is supported");
        }
        return new Request(host, port, 4);
    }

    private static async Task<Request> ReadSocks5Async(Stream s, CancellationToken ct)
    {
        int n = (await ReadExactAsync(s, 1, ct).ConfigureAwait(false))[0];
        var methods = await ReadExactAsync(s, n, ct).ConfigureAwait(false);
        if (Array.IndexOf(methods, (byte)0) < 0)
        {
            await s.WriteAsync(new byte[] { 5, 0xff }, ct).ConfigureAwait(false);
            throw new SocksRefusedException("SOCKS5 client offered no acceptable authentication method (only \"no authentication\" is supported)");
        }
        await s.WriteAsync(new byte[] { 5, 0 }, ct).ConfigureAwait(false);
        var h = await ReadExactAsync(s, 4, ct).ConfigureAwait(false); // VER CMD RSV ATYP
        if (h[0] != 5) throw new SocksRefusedException($"SOCKS5 request with version {h[0]}");
        string host;
        switch (h[3])
        {
            case 1: host = new IPAddress(await ReadExactAsync(s, 4, ct).ConfigureAwait(false)).ToString(); break;
            case 4: host = new IPAddress(await ReadExactAsync(s, 16, ct).ConfigureAwait(false)).ToString(); break;
            case 3:
                {
                    int len = (await ReadExactAsync(s, 1, ct).ConfigureAwait(false))[0];
                    host = Encoding.ASCII.GetString(await ReadExactAsync(s, len, ct).ConfigureAwait(false));
                    break;
                }
            default:
                await Socks5ReplyAsync(s, 8, ct).ConfigureAwait(false);
                throw new SocksRefusedException($"SOCKS5 address type {h[3]} refused: only IPv4, IPv6 and domain names are supported");
        }
        int port = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactAsync(s, 2, ct).ConfigureAwait(false));
        if (h[1] != 1)
        {
            await Socks5ReplyAsync(s, 7, ct).ConfigureAwait(false);
            string name = h[1] switch { 2 => "BIND", 3 => "UDP ASSOCIATE", _ => "unknown" };
            throw new SocksRefusedException($"SOCKS5 command {h[1]} ({name}) refused: only CONNECT is supported");
        }
        return new Request(host, port, 5);
    }

    /// <summary>Tells the client whether the connection was made (SOCKS4: 90/91; SOCKS5: 0 or 1 "general failure").</summary>
    public static Task ReplyAsync(Stream s, int version, bool ok, CancellationToken ct) => version == 4
        ? s.WriteAsync(new byte[] { 0, (byte)(ok ? 90 : 91), 0, 0, 0, 0, 0, 0 }, ct).AsTask()
        : Socks5ReplyAsync(s, ok ? 0 : 1, ct);

    private static Task Socks5ReplyAsync(Stream s, int code, CancellationToken ct) =>
        s.WriteAsync(new byte[] { 5, (byte)code, 0, 1, 0, 0, 0, 0, 0, 0 }, ct).AsTask();

    private static async Task<byte[]> ReadExactAsync(Stream s, int n, CancellationToken ct)
    {
        var buf = new byte[n];
        int off = 0;
        while (off < n)
        {
            int r = await s.ReadAsync(buf.AsMemory(off), ct).ConfigureAwait(false);
            if (r == 0) throw new SocksRefusedException("SOCKS client closed the connection during the handshake");
            off += r;
        }
        return buf;
    }

    /// <summary>A NUL-terminated field (SOCKS4 user id or 4A host), capped at 255 bytes as OpenSSH does.</summary>
    private static async Task<string> ReadZeroTerminatedAsync(Stream s, CancellationToken ct)
    {
        var sb = new StringBuilder();
        while (true)
        {
            byte b = (await ReadExactAsync(s, 1, ct).ConfigureAwait(false))[0];
            if (b == 0) return sb.ToString();
            if (sb.Length >= 255) throw new SocksRefusedException("SOCKS4 field too long");
            sb.Append((char)b);
        }
    }
}
