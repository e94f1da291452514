using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Forwarding;

/// <summary>A TCP echo server on 127.0.0.1 for the forwarding tests: every connection gets its bytes back.</summary>
public sealed class EchoServer : IDisposable
{
    private readonly Socket _listener;
    public int Port { get; }

    /// <summary>On 127.0.0.1 and a free port, or — given a path — on that Unix socket.</summary>
    public EchoServer(string? unixPath = null)
    {
        _listener = unixPath == null
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(unixPath == null ? new IPEndPoint(IPAddress.Loopback, 0) : new UnixDomainSocketEndPoint(unixPath));
        _listener.Listen(64);
        Port = _listener.LocalEndPoint is IPEndPoint ip ? ip.Port : 0;
        _ = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket s;
            try { s = await _listener.AcceptAsync(); }
            catch (Exception) { return; }
            _ = EchoAsync(s);
        }
    }

    private static async Task EchoAsync(Socket s)
    {
        using (s)
        {
            var buf = new byte[16384];
            try
            {
                int n;
                while ((n = await s.ReceiveAsync(buf)) > 0) await s.SendAsync(buf.AsMemory(0, n));
                s.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException) { }
        }
    }

    public void Dispose() => _listener.Dispose();
}

public class ForwardTests(MuxFixture f) : IClassFixture<MuxFixture>
{

    /// <summary>Sends the data through the endpoint (connect then write, half-close) and returns everything read back.</summary>
    private static async Task<byte[]> RoundTripAsync(EndPoint ep, byte[] data)
    {
        using var s = new Socket(ep.AddressFamily, SocketType.Stream, ep is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        await s.ConnectAsync(ep);
        var send = Task.Run(async () =>
        {
            for (int off = 0; off < data.Length; off += 8192)
                await s.SendAsync(data.AsMemory(off, Math.Min(8192, data.Length - off)));
            s.Shutdown(SocketShutdown.Send);
        });
        var ms = new MemoryStream();
        var buf = new byte[16384];
        int n;
        while ((n = await s.ReceiveAsync(buf)) > 0) ms.Write(buf, 0, n);
        await send;
        return ms.ToArray();
    }

    private static byte[] Payload(int size)
    {
        var b = new byte[size];
        new Random(size).NextBytes(b);
        return b;
    }

    /// <summary>Polls until something accepts connections on the port (a generous deadline, not a timing assertion).</summary>
    private static async Task WaitListeningAsync(int port, LiveProcess? p = null, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (IsListening(port)) return;
            if (p is { HasExited: true }) break;
            await Task.Delay(50);
        }
        Assert.Fail($"nothing listens on {port}" + (p != null ? $"\nstderr: {p.Stderr}" : ""));
    }

    private static bool IsListening(int port)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try { s.Connect(IPAddress.Loopback, port); return true; }
        catch (SocketException) { return false; }
    }

    [Fact]
    public async Task DirectLocalForwardCarriesDataBothWays()
    {
        using var echo = new EchoServer();
        int port = FreePorts.Pick();
        using var p = f.Start(Tool.Braid, "-N", "-o", "ExitOnForwardFailure=yes", "-L", $"{port}:127.0.0.1:{echo.Port}", "h");
        await WaitListeningAsync(port, p);
        var data = Payload(3 * 1024 * 1024 + 17);
        Assert.Equal(data, await RoundTripAsync(new IPEndPoint(IPAddress.Loopback, port), data));
        // Several connections at once through the same listener.
        var small = Payload(200_000);
        var all = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RoundTripAsync(new IPEndPoint(IPAddress.Loopback, port), small)));
        Assert.All(all, r => Assert.Equal(small, r));
    }

    [Fact]
    public async Task DirectLocalForwardFromAUnixSocket()
    {
        using var echo = new EchoServer();
        var sock = f.NewSocketPath("lu");
        int marker = FreePorts.Pick();
        // A second, TCP forward tells us when the Unix listener (set up just before it) is ready too.
        using var p = f.Start(Tool.Braid, "-N", "-o", "ExitOnForwardFailure=yes", "-L", $"{sock}:127.0.0.1:{echo.Port}",
            "-L", $"{marker}:127.0.0.1:{echo.Port}", "h");
        await WaitListeningAsync(marker, p);
        var data = Payload(500_000);
        Assert.Equal(data, await RoundTripAsync(new UnixDomainSocketEndPoint(sock), data));
    }

    [Fact]
    public async Task DirectLocalForwardBindFailureWithExitOnForwardFailureIsFatal()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        int port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var r = await f.Run(Tool.Braid, "-o", "ExitOnForwardFailure=yes", "-L", $"127.0.0.1:{port}:127.0.0.1:22", "h", "echo should-not-run");
        Assert.Equal(255, r.ExitCode);
        Assert.DoesNotContain("should-not-run", r.Stdout);
        Assert.Contains("Could not request local forwarding.", r.Stderr);
    }

    [Fact]
    public async Task DirectRemoteForwardPortZeroPrintsThePortAndCarriesData()
    {
        using var echo = new EchoServer();
        using var p = f.Start(Tool.Braid, "-N", "-o", "LogLevel=INFO", "-o", "ExitOnForwardFailure=yes", "-R", $"0:127.0.0.1:{echo.Port}", "h");
        var re = new Regex(@"Allocated port (\d+) for remote forward to 127\.0\.0\.1:" + echo.Port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Match m;
        while (!(m = re.Match(p.Stderr)).Success && !p.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(m.Success, "no allocated port: " + p.Stderr);
        int port = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var data = Payload(1024 * 1024 + 3);
        Assert.Equal(data, await RoundTripAsync(new IPEndPoint(IPAddress.Loopback, port), data));
    }

    [Theory]
    [InlineData(Tool.OpenSsh)]
    [InlineData(Tool.Braid)]
    public async Task ForwardAndCancelThroughABraidMaster(Tool client)
    {
        using var echo = new EchoServer();
        await using var m = await f.StartMasterAsync(Tool.Braid);
        int port = FreePorts.Pick();
        string spec = $"127.0.0.1:{port}:127.0.0.1:{echo.Port}";
        var r = await f.Run(client, "-S", m.Path, "-O", "forward", "-L", spec, "h");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var data = Payload(700_000);
        Assert.Equal(data, await RoundTripAsync(new IPEndPoint(IPAddress.Loopback, port), data));
        // A duplicate is answered OK, as OpenSSH's master does.
        Assert.Equal(0, (await f.Run(client, "-S", m.Path, "-O", "forward", "-L", spec, "h")).ExitCode);
        r = await f.Run(client, "-S", m.Path, "-O", "cancel", "-L", spec, "h");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.False(IsListening(port), "the port is still open after -O cancel");
    }

    [Fact]
    public async Task BraidCancelOfAForwardThatIsNotOpenFailsWithTheReason()
    {
        await using var m = await f.StartMasterAsync(Tool.Braid);
        var r = await f.Run(Tool.Braid, "-S", m.Path, "-O", "cancel", "-L", $"127.0.0.1:{FreePorts.Pick()}:127.0.0.1:1", "h");
        Assert.Equal(255, r.ExitCode);
        Assert.Contains("port not forwarded", r.Stderr);
    }

    [Fact]
    public async Task LocalForwardOutlivesThePassengerAndUsesTheMastersConnection()
    {
        using var echo = new EchoServer();
        await using var m = await f.StartMasterAsync(Tool.Braid);
        var sock = f.NewSocketPath("fu");
        var r = await f.Run(Tool.Braid, "-S", m.Path, "-O", "forward", "-L", $"{sock}:127.0.0.1:{echo.Port}", "h");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var data = Payload(300_000);
        Assert.Equal(data, await RoundTripAsync(new UnixDomainSocketEndPoint(sock), data));
        r = await f.Run(Tool.OpenSsh, "-S", m.Path, "-O", "cancel", "-L", $"{sock}:127.0.0.1:{echo.Port}", "h");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.False(File.Exists(sock), "the Unix listener is still there after -O cancel");
    }

    [Fact]
    public async Task RemoteForwardPortZeroThroughABraidMasterPrintsThePort()
    {
        using var echo = new EchoServer();
        await using var m = await f.StartMasterAsync(Tool.Braid);
        var r = await f.Run(Tool.Braid, "-S", m.Path, "-O", "forward", "-R", $"0:127.0.0.1:{echo.Port}", "h");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"^\d+\n$", r.Stdout);
        int port = int.Parse(r.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var data = Payload(400_000);
        Assert.Equal(data, await RoundTripAsync(new IPEndPoint(IPAddress.Loopback, port), data));
        // OpenSSH's client sees the same port for the duplicate request.
        var again = await f.Run(Tool.OpenSsh, "-S", m.Path, "-O", "forward", "-R", $"0:127.0.0.1:{echo.Port}", "h");
        Assert.Equal(r.Stdout, again.Stdout);
        Assert.Equal(0, (await f.Run(Tool.Braid, "-S", m.Path, "-O", "cancel", "-R", $"0:127.0.0.1:{echo.Port}", "h")).ExitCode);
    }

    /// <summary>A minimal SOCKS client: handshake for the target, then the data round trip. Returns null when refused (with the reply code).</summary>
    private static async Task<(byte[]? Data, int Code)> SocksRoundTripAsync(int proxyPort, byte[] handshake, int replyLength, byte[] data)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(IPAddress.Loopback, proxyPort);
        await s.SendAsync(handshake);
        var reply = new byte[replyLength];
        int off = 0;
        while (off < replyLength)
        {
            int n = await s.ReceiveAsync(reply.AsMemory(off));
            if (n == 0) break;
            off += n;
        }
        bool socks5 = handshake[0] == 5;
        int code = socks5 ? reply[3] : reply[1]; // SOCKS5: after the 2-byte method reply; SOCKS4: CD
        if (socks5 ? code != 0 : code != 90) return (null, code);
        var send = Task.Run(async () =>
        {
            for (int i = 0; i < data.Length; i += 8192) await s.SendAsync(data.AsMemory(i, Math.Min(8192, data.Length - i)));
            s.Shutdown(SocketShutdown.Send);
        });
        var ms = new MemoryStream();
        var buf = new byte[16384];
        int r;
        while ((r = await s.ReceiveAsync(buf)) > 0) ms.Write(buf, 0, r);
        await send;
        return (ms.ToArray(), code);
    }

    private static byte[] Port16(int port) => [(byte)(port >> 8), (byte)port];

    private static byte[] Socks5Ipv4(int port, byte cmd = 1) => [5, 1, 0, 5, cmd, 0, 1, 127, 0, 0, 1, .. Port16(port)];
    private static byte[] Socks5Domain(string host, int port) =>
        [5, 1, 0, 5, 1, 0, 3, (byte)host.Length, .. System.Text.Encoding.ASCII.GetBytes(host), .. Port16(port)];
    private static byte[] Socks4(int port) => [4, 1, .. Port16(port), 127, 0, 0, 1, (byte)'u', 0];
    private static byte[] Socks4A(string host, int port) => [4, 1, .. Port16(port), 0, 0, 0, 1, (byte)'u', 0, .. System.Text.Encoding.ASCII.GetBytes(host), 0];

    [Fact]
    public async Task DirectDynamicForwardSpeaksSocks4Socks4AAndSocks5()
    {
        using var echo = new EchoServer();
        int port = FreePorts.Pick();
        using var p = f.Start(Tool.Braid, "-N", "-o", "ExitOnForwardFailure=yes", "-D", $"127.0.0.1:{port}", "h");
        await WaitListeningAsync(port, p);
        var data = Payload(250_000);
        Assert.Equal(data, (await SocksRoundTripAsync(port, Socks5Ipv4(echo.Port), 12, data)).Data);
        Assert.Equal(data, (await SocksRoundTripAsync(port, Socks5Domain("127.0.0.1", echo.Port), 12, data)).Data);
        Assert.Equal(data, (await SocksRoundTripAsync(port, Socks4(echo.Port), 8, data)).Data);
        Assert.Equal(data, (await SocksRoundTripAsync(port, Socks4A("127.0.0.1", echo.Port), 8, data)).Data);
    }

    [Fact]
    public async Task DynamicForwardRefusesSocks5BindAndAFailedConnect()
    {
        using var echo = new EchoServer();
        int port = FreePorts.Pick();
        using var p = f.Start(Tool.Braid, "-N", "-D", $"{port}", "h");
        await WaitListeningAsync(port, p);
        var bind = await SocksRoundTripAsync(port, Socks5Ipv4(echo.Port, cmd: 2), 12, []);
        Assert.Equal(7, bind.Code); // command not supported
        int closed = FreePorts.Pick();
        var refused = await SocksRoundTripAsync(port, Socks5Ipv4(closed), 12, []);
        Assert.Equal(1, refused.Code); // general failure: the server could not connect
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!p.Stderr.Contains("BIND", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Contains("SOCKS5 command 2 (BIND) refused", p.Stderr);
    }

    [Fact]
    public async Task DynamicForwardThroughABraidMasterFromOpenSsh()
    {
        using var echo = new EchoServer();
        await using var m = await f.StartMasterAsync(Tool.Braid);
        int port = FreePorts.Pick();
        var r = await f.Run(Tool.OpenSsh, "-S", m.Path, "-O", "forward", "-D", $"127.0.0.1:{port}", "h");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var data = Payload(100_000);
        Assert.Equal(data, (await SocksRoundTripAsync(port, Socks5Ipv4(echo.Port), 12, data)).Data);
        r = await f.Run(Tool.Braid, "-S", m.Path, "-O", "cancel", "-D", $"127.0.0.1:{port}", "h");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.False(IsListening(port), "the SOCKS port is still open after -O cancel");
    }

    [Fact]
    public async Task DirectLocalForwardToARemoteUnixSocket()
    {
        var path = f.NewSocketPath("ru");
        using var echo = new EchoServer(path);
        int port = FreePorts.Pick();
        using var p = f.Start(Tool.Braid, "-N", "-o", "ExitOnForwardFailure=yes", "-L", $"{port}:{path}", "h");
        await WaitListeningAsync(port, p);
        var data = Payload(600_000);
        Assert.Equal(data, await RoundTripAsync(new IPEndPoint(IPAddress.Loopback, port), data));
    }

    [Fact]
    public async Task RemoteUnixForwardThroughABraidMasterThenCancel()
    {
        using var echo = new EchoServer();
        await using var m = await f.StartMasterAsync(Tool.Braid);
        var path = f.NewSocketPath("rf");
        var r = await f.Run(Tool.OpenSsh, "-S", m.Path, "-O", "forward", "-R", $"{path}:127.0.0.1:{echo.Port}", "h");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var data = Payload(300_000);
        Assert.Equal(data, await RoundTripAsync(new UnixDomainSocketEndPoint(path), data));
        r = await f.Run(Tool.Braid, "-S", m.Path, "-O", "cancel", "-R", $"{path}:127.0.0.1:{echo.Port}", "h");
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    private static long RssKiB(int pid)
    {
        foreach (var line in File.ReadAllLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>Writes without blocking until the peer has stopped taking data for a while; returns the bytes it took.</summary>
    private static async Task<long> PushUntilStalledAsync(Socket s, long cap)
    {
        s.Blocking = false;
        var chunk = new byte[65536];
        long total = 0;
        int idle = 0;
        while (total < cap && idle < 30)
        {
            try { total += s.Send(chunk); idle = 0; }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock) { idle++; await Task.Delay(100); }
        }
        return total;
    }

    [Fact]
    public async Task AStalledReaderDoesNotGrowTheMastersMemory()
    {
        // A server that accepts and never reads: the client's writes must stop, not pile up in the master.
        using var sink = new TcpListener(IPAddress.Loopback, 0);
        sink.Start();
        var accepted = new List<Socket>();
        _ = Task.Run(async () => { while (true) { try { var a = await sink.AcceptSocketAsync(); lock (accepted) accepted.Add(a); } catch (Exception) { return; } } });
        await using var m = await f.StartMasterAsync(Tool.Braid);
        int port = FreePorts.Pick();
        var r = await f.Run(Tool.Braid, "-S", m.Path, "-O", "forward", "-L", $"127.0.0.1:{port}:127.0.0.1:{((IPEndPoint)sink.LocalEndpoint).Port}", "h");
        Assert.True(r.ExitCode == 0, r.Stderr);
        long before = RssKiB(m.Pid);
        using var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await c.ConnectAsync(IPAddress.Loopback, port);
        long pushed = await PushUntilStalledAsync(c, 256L * 1024 * 1024);
        long after = RssKiB(m.Pid);
        Assert.True(pushed < 64L * 1024 * 1024, $"{pushed} bytes went in before the forward pushed back");
        Assert.True(after - before < 32 * 1024, $"master RSS grew from {before} to {after} KiB");
        lock (accepted) foreach (var a in accepted) a.Dispose();
    }

    [Fact]
    public async Task DirectRemoteDynamicForwardSpeaksSocksOnTheServerSide()
    {
        using var echo = new EchoServer();
        int port = FreePorts.Pick();
        using var p = f.Start(Tool.Braid, "-N", "-o", "ExitOnForwardFailure=yes", "-R", $"{port}", "h");
        await WaitListeningAsync(port, p);
        var data = Payload(200_000);
        try
        {
            Assert.Equal(data, (await SocksRoundTripAsync(port, Socks5Ipv4(echo.Port), 12, data)).Data);
            Assert.Equal(data, (await SocksRoundTripAsync(port, Socks4A("127.0.0.1", echo.Port), 8, data)).Data);
        }
        catch (SocketException e) { Assert.Fail($"{e.Message}\nbraid: {p.Stderr}"); }
    }

    [Fact]
    public async Task PermitRemoteOpenLimitsWhereARemoteDynamicForwardMayConnect()
    {
        using var allowed = new EchoServer();
        using var other = new EchoServer();
        int port = FreePorts.Pick();
        using var p = f.Start(Tool.Braid, "-N", "-o", "ExitOnForwardFailure=yes", "-o", $"PermitRemoteOpen=127.0.0.1:{allowed.Port}", "-R", $"{port}", "h");
        await WaitListeningAsync(port, p);
        var data = Payload(10_000);
        Assert.Equal(data, (await SocksRoundTripAsync(port, Socks5Ipv4(allowed.Port), 12, data)).Data);
        var denied = await SocksRoundTripAsync(port, Socks5Ipv4(other.Port), 12, []);
        Assert.Null(denied.Data);
        Assert.NotEqual(0, denied.Code);
    }

    [Fact]
    public async Task UnixListenerHonoursStreamLocalBindUnlinkAndMask()
    {
        using var echo = new EchoServer();
        var sock = f.NewSocketPath("ul");
        File.WriteAllText(sock, "stale"); // what a crashed earlier forward would leave behind
        int marker = FreePorts.Pick();
        using var p = f.Start(Tool.Braid, "-N", "-o", "ExitOnForwardFailure=yes", "-o", "StreamLocalBindUnlink=yes",
            "-o", "StreamLocalBindMask=0177", "-L", $"{sock}:127.0.0.1:{echo.Port}", "-L", $"{marker}:127.0.0.1:{echo.Port}", "h");
        await WaitListeningAsync(marker, p);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sock));
        var data = Payload(50_000);
        Assert.Equal(data, await RoundTripAsync(new UnixDomainSocketEndPoint(sock), data));
    }

    [Fact]
    public async Task DynamicForwardAcceptsSocks5Ipv6AndRefusesAnUnknownVersion()
    {
        using var echo = new EchoServer();
        int port = FreePorts.Pick();
        using var p = f.Start(Tool.Braid, "-N", "-D", $"127.0.0.1:{port}", "h");
        await WaitListeningAsync(port, p);
        // An IPv6 address (the IPv4-mapped form of 127.0.0.1, so the test stays on 127.0.0.1).
        byte[] v6 = [5, 1, 0, 5, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1, .. Port16(echo.Port)];
        var data = Payload(60_000);
        Assert.Equal(data, (await SocksRoundTripAsync(port, v6, 12, data)).Data);
        using (var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await s.ConnectAsync(IPAddress.Loopback, port);
            await s.SendAsync(new byte[] { 9, 9, 9 });
            // Closed without a reply (a reset, since the bytes after the version were never read, is fine too).
            int got;
            try { got = await s.ReceiveAsync(new byte[16]); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { got = 0; }
            Assert.Equal(0, got);
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!p.Stderr.Contains("unknown SOCKS version 9", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Contains("unknown SOCKS version 9", p.Stderr);
    }

    [Fact]
    public async Task APassengersLocalForwardGoesToTheMasterAndOutlivesIt()
    {
        using var echo = new EchoServer();
        await using var m = await f.StartMasterAsync(Tool.Braid);
        int port = FreePorts.Pick();
        string spec = $"127.0.0.1:{port}:127.0.0.1:{echo.Port}";
        var r = await f.Run(Tool.Braid, "-S", m.Path, "-L", spec, "h", "echo passenger");
        Assert.Equal("passenger\n", r.Stdout);
        // The passenger is gone; the master still serves its forward, as OpenSSH's does.
        var data = Payload(100_000);
        Assert.Equal(data, await RoundTripAsync(new IPEndPoint(IPAddress.Loopback, port), data));
        Assert.Equal(0, (await f.Run(Tool.Braid, "-S", m.Path, "-O", "cancel", "-L", spec, "h")).ExitCode);
    }
}
