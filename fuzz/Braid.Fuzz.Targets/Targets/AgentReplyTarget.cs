using System.Buffers.Binary;
using System.Net.Sockets;
using Braid.Ssh.Agent;

namespace Braid.Fuzz.Targets;

/// <summary>ssh-agent replies as AgentClient reads them: the input's parts are the raw bytes (length
/// header included) a hostile agent answers to REQUEST_IDENTITIES and to SIGN_REQUEST, each on its own
/// connection to a fake agent on a Unix socket. Documented error: AgentException (and AgentRefusedException).</summary>
public static class AgentReplyTarget
{
    private static readonly Lazy<FakeAgent> Agent = new(() => new FakeAgent());

    public static void Run(ReadOnlySpan<byte> input)
    {
        var parts = InputParts.Split(input, 2);
        while (parts.Count < 2) parts.Add([]);
        var agent = Agent.Value;
        Await.Done(async ct =>
        {
            await agent.AnswerOnceAsync(parts[0], async () =>
            {
                using var c = await AgentClient.ConnectAsync(agent.Path, ct).ConfigureAwait(false);
                try { await c.RequestIdentitiesAsync(ct).ConfigureAwait(false); }
                catch (AgentException) { }
            }, ct).ConfigureAwait(false);
            await agent.AnswerOnceAsync(parts[1], async () =>
            {
                using var c = await AgentClient.ConnectAsync(agent.Path, ct).ConfigureAwait(false);
                try { await c.SignAsync(SampleKeys.Ed25519, "data"u8.ToArray(), "ssh-ed25519", ct).ConfigureAwait(false); }
                catch (AgentException) { }
            }, ct).ConfigureAwait(false);
        });
    }

    /// <summary>Listens on a private Unix socket; each exchange reads one request frame and sends the reply bytes.</summary>
    private sealed class FakeAgent
    {
        private readonly Socket _listener;
        public string Path { get; }

        public FakeAgent()
        {
            Path = System.IO.Path.Combine(ProcessTempDir.Create("agent"), "agent.sock");
            File.Delete(Path);
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(Path));
            _listener.Listen(4);
        }

        public async Task AnswerOnceAsync(byte[] reply, Func<Task> client, CancellationToken ct)
        {
            var accepted = _listener.AcceptAsync(ct).AsTask();
            var clientDone = client();
            using (var s = await accepted.ConfigureAwait(false))
            {
                try
                {
                    var header = new byte[4];
                    await ReceiveExactlyAsync(s, header, ct).ConfigureAwait(false);
                    await ReceiveExactlyAsync(s, new byte[BinaryPrimitives.ReadUInt32BigEndian(header)], ct).ConfigureAwait(false);
                    await s.SendAsync(reply, SocketFlags.None, ct).ConfigureAwait(false);
                    s.Shutdown(SocketShutdown.Send);
                }
                catch (SocketException) { /* the client gave up first */ }
                await clientDone.ConfigureAwait(false);
            }
        }

        private static async Task ReceiveExactlyAsync(Socket s, byte[] buf, CancellationToken ct)
        {
            for (int got = 0; got < buf.Length;)
            {
                int n = await s.ReceiveAsync(buf.AsMemory(got), SocketFlags.None, ct).ConfigureAwait(false);
                if (n == 0) throw new SocketException((int)SocketError.ConnectionReset);
                got += n;
            }
        }
    }
}
