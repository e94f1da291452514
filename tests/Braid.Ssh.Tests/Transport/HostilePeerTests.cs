using System.Net;
using System.Net.Sockets;
using Braid.Ssh;
using Braid.Ssh.Transport;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Tests.Transport;

/// <summary>A small server of ours that speaks raw bytes: every malformed input must end the
/// connection with a clear error quickly, never a hang or an unexpected exception type.</summary>
public class HostilePeerTests
{
    private static TransportOptions Options() => new()
    {
        KexAlgorithms = ["curve25519-sha256"],
        HostKeyAlgorithms = ["ssh-ed25519"],
        Ciphers = ["aes128-gcm@openssh.com"],
        Macs = ["hmac-sha2-256"],
        HostKeyCheck = (_, _) => ValueTask.CompletedTask,
    };

    private static async Task<Exception> ConnectToPeer(Func<NetworkStream, Task> peer)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var done = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            using var c = await listener.AcceptTcpClientAsync();
            using var s = c.GetStream();
            try { await peer(s); } catch (IOException) { }
            try { await Task.Delay(5000, done.Token); } catch (OperationCanceledException) { }
        });
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ex = await Record.ExceptionAsync(() => SshTransport.ConnectAsync(client.GetStream(), Options(), cts.Token));
        done.Cancel();
        await server;
        listener.Stop();
        Assert.NotNull(ex);
        Assert.False(cts.IsCancellationRequested, "the client hung instead of failing");
        return ex!;
    }

    private static Task SendBanner(NetworkStream s) => s.WriteAsync("SSH-2.0-Hostile_1.0\r\n"u8.ToArray()).AsTask();

    [Fact]
    public async Task ClosedBeforeBanner()
    {
        var e = await ConnectToPeer(s => { s.Socket.Shutdown(SocketShutdown.Send); return Task.CompletedTask; });
        Assert.IsType<ConnectionClosedException>(e);
    }

    [Fact]
    public async Task NonSshBanner()
    {
        var e = await ConnectToPeer(async s => await s.WriteAsync("SSH-1.5-old\r\n"u8.ToArray()));
        Assert.IsAssignableFrom<SshException>(e);
        Assert.Contains("Protocol major versions differ", e.Message);
    }

    [Fact]
    public async Task OversizedPacketLength()
    {
        var e = await ConnectToPeer(async s =>
        {
            await SendBanner(s);
            await s.WriteAsync(new byte[] { 0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4 });
        });
        Assert.IsType<SshProtocolException>(e);
        Assert.Contains("Bad packet length", e.Message);
    }

    [Fact]
    public async Task TruncatedPacket()
    {
        var e = await ConnectToPeer(async s =>
        {
            await SendBanner(s);
            await s.WriteAsync(new byte[] { 0, 0, 0, 100, 4, 20, 1, 2 });
            s.Socket.Shutdown(SocketShutdown.Send);
        });
        Assert.IsType<ConnectionClosedException>(e);
    }

    [Fact]
    public async Task GarbledKexInit()
    {
        var e = await ConnectToPeer(async s =>
        {
            await SendBanner(s);
            // A well-framed packet whose KEXINIT body is cut short.
            await s.WriteAsync(new byte[] { 0, 0, 0, 12, 4, 20, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0 });
        });
        Assert.IsType<SshProtocolException>(e);
    }

    [Fact]
    public async Task BadPaddingLength()
    {
        var e = await ConnectToPeer(async s =>
        {
            await SendBanner(s);
            await s.WriteAsync(new byte[] { 0, 0, 0, 12, 200, 20, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0 });
        });
        Assert.IsType<SshProtocolException>(e);
    }

    [Fact]
    public async Task EndlessPreBannerLines()
    {
        var e = await ConnectToPeer(async s =>
        {
            for (int i = 0; i < 2000; i++) await s.WriteAsync("noise\r\n"u8.ToArray());
        });
        Assert.IsType<SshProtocolException>(e);
    }

    [Fact]
    public async Task UnexpectedMessageDuringKex()
    {
        var e = await ConnectToPeer(async s =>
        {
            await SendBanner(s);
            // SSH_MSG_CHANNEL_DATA (94) before any key exchange.
            await s.WriteAsync(new byte[] { 0, 0, 0, 12, 10, 94, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
        });
        Assert.IsType<SshProtocolException>(e);
    }

    /// <summary>Found by fuzzing (fuzz/regressions/handshake/): the reader waited forever for keys that
    /// no key exchange was computing.</summary>
    [Fact]
    public async Task NewKeysBeforeKexInit()
    {
        var e = await ConnectToPeer(async s =>
        {
            await SendBanner(s);
            await s.WriteAsync(ClearPacket([MessageNumbers.NewKeys]));
        });
        Assert.IsType<SshProtocolException>(e);
        Assert.Contains("NEWKEYS", e.Message);
    }

    [Fact]
    public async Task NewKeysBeforeKexReply()
    {
        var kexInit = new KexInitMessage
        {
            KexAlgorithms = ["curve25519-sha256"], HostKeyAlgorithms = ["ssh-ed25519"],
            CiphersClientToServer = ["aes128-gcm@openssh.com"], CiphersServerToClient = ["aes128-gcm@openssh.com"],
            MacsClientToServer = ["hmac-sha2-256"], MacsServerToClient = ["hmac-sha2-256"],
            CompressionClientToServer = ["none"], CompressionServerToClient = ["none"],
        }.Encode();
        var e = await ConnectToPeer(async s =>
        {
            await SendBanner(s);
            await s.WriteAsync(ClearPacket(kexInit));
            await s.WriteAsync(ClearPacket([MessageNumbers.NewKeys]));
        });
        Assert.IsType<SshProtocolException>(e);
        Assert.Contains("NEWKEYS", e.Message);
    }

    private static byte[] ClearPacket(byte[] payload)
    {
        int pad = 8 - (5 + payload.Length) % 8;
        if (pad < 4) pad += 8;
        using var w = new SshWriter(payload.Length + 32);
        w.WriteUInt32((uint)(1 + payload.Length + pad)).WriteByte((byte)pad).WriteRaw(payload).WriteRaw(new byte[pad]);
        return w.ToArray();
    }
}
