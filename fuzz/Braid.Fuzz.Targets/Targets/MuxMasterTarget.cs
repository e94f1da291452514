using System.Net.Sockets;
using Braid.Mux.Master;
using Braid.Ssh;
using Braid.Ssh.Channels;
using Braid.Ssh.Logging;
using Braid.Ssh.Transport;

namespace Braid.Fuzz.Targets;

/// <summary>The master's side of one control connection: the input is everything a passenger writes on
/// the control socket (frames: HELLO, then requests). A real <see cref="ControlConnection"/> reads it from
/// a connected Unix socket pair and answers. The master asks before every action and is always told no,
/// so nothing here reaches the server or binds a port; descriptors never arrive (the fd wait times out).
/// Documented outcomes: RunAsync returns (the connection closes), or SshProtocolException/IOException/
/// SocketException for a malformed or cut stream — the master's accept loop logs those and carries on.</summary>
public static class MuxMasterTarget
{
    private static readonly Lazy<Fixture> Shared = new(() => new Fixture());

    public static void Run(ReadOnlySpan<byte> input) => Serve(input);

    /// <summary>Runs the input and returns everything the master wrote back (for tests of the target itself).</summary>
    public static byte[] Serve(ReadOnlySpan<byte> input)
    {
        var fixture = Shared.Value;
        byte[] stream = WithoutConnectionInfo(input);
        return Await.Result(async ct =>
        {
            var (client, server) = await fixture.PairAsync(ct).ConfigureAwait(false);
            using (client)
            using (var conn = new ControlConnection(fixture.Master, server))
            {
                var drain = DrainAsync(client);
                var run = ServeAsync(conn, ct);
                try
                {
                    await client.SendAsync(stream, SocketFlags.None, ct).ConfigureAwait(false);
                    client.Shutdown(SocketShutdown.Send);
                }
                catch (SocketException) { /* the master closed first: it may, on bad input */ }
                await run.ConfigureAwait(false);
                conn.Dispose();
                return await drain.ConfigureAwait(false);
            }
        });
    }

    /// <summary>`-O conninfo` prints the live transport's algorithms; this master has no transport (it never
    /// connected), so that one request cannot be served here and is renamed to an unknown info type.</summary>
    private static byte[] WithoutConnectionInfo(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        var name = "connection"u8;
        for (int i = bytes.AsSpan().IndexOf(name); i >= 0; i = bytes.AsSpan().IndexOf(name))
            bytes[i] = (byte)'C';
        return bytes;
    }

    private static async Task ServeAsync(ControlConnection conn, CancellationToken ct)
    {
        try { await conn.RunAsync(ct).ConfigureAwait(false); }
        catch (Exception e) when (e is SshProtocolException or IOException or SocketException) { }
    }

    private static async Task<byte[]> DrainAsync(Socket s)
    {
        var received = new MemoryStream();
        var buf = new byte[4096];
        try
        {
            int n;
            while ((n = await s.ReceiveAsync(buf, SocketFlags.None).ConfigureAwait(false)) > 0) received.Write(buf, 0, n);
        }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        return received.ToArray();
    }

    /// <summary>One master per process, never started (no accept loop): each input gets its own socket pair.</summary>
    private sealed class Fixture
    {
        private readonly Socket _listener;
        private readonly UnixDomainSocketEndPoint _endpoint;
        public MuxMaster Master { get; }

        public Fixture()
        {
            string dir = ProcessTempDir.Create("mux");
            string path = Path.Combine(dir, "pair");
            File.Delete(path);
            _endpoint = new UnixDomainSocketEndPoint(path);
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(_endpoint);
            _listener.Listen(16);
            var pool = new ConnectionPool(new SshConnection(new SilentTransport(), SshLog.Silent));
            Master = new MuxMaster(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified), pool, new MasterOptions
            {
                ControlPath = Path.Combine(dir, "ctl"),
                HostName = "fuzz.example",
                Ask = true,
                Confirm = _ => false,
                SendEnv = ["LANG", "LC_*"],
                FdTimeout = TimeSpan.FromMilliseconds(1),
            });
        }

        public async Task<(Socket Client, Socket Server)> PairAsync(CancellationToken ct)
        {
            var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            var accept = _listener.AcceptAsync(ct);
            await client.ConnectAsync(_endpoint, ct).ConfigureAwait(false);
            return (client, await accept.ConfigureAwait(false));
        }
    }

    /// <summary>A connection that never hears from its server: nothing in this target may wait on one.</summary>
    private sealed class SilentTransport : IPacketTransport
    {
        public string PeerHost => "fuzz.example";
        public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default, Action? onQueued = null)
        {
            onQueued?.Invoke();
            return ValueTask.CompletedTask;
        }
        public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken ct = default)
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            return ReadOnlyMemory<byte>.Empty;
        }
        public Task DisconnectAsync(uint reason, string description) => Task.CompletedTask;
        public Task StartRekeyAsync() => Task.CompletedTask;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
