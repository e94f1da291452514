using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using Braid.Ssh.Agent;
using Braid.Ssh.Keys;
using Braid.Ssh.Tests.Keys;

namespace Braid.Ssh.Tests.Agent;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AgentClientTests(KeyFilesFixture keys) : IClassFixture<KeyFilesFixture>
{
    private static readonly string[] KeyNames = ["ed25519", "ecdsa256", "ecdsa521", "rsa"];

    [Fact]
    public async Task ListsAndSignsWithEveryKeyType()
    {
        using var agent = new SshAgentProcess(keys.Dir);
        foreach (var k in KeyNames) Assert.Equal(0, agent.Add(keys.PathOf(k)).ExitCode);

        await using var client = await AgentClient.ConnectAsync(agent.SocketPath);
        var ids = await client.RequestIdentitiesAsync();
        Assert.Equal(KeyNames.Length, ids.Count);
        for (int i = 0; i < KeyNames.Length; i++)
        {
            Assert.Equal("test-" + KeyNames[i], ids[i].Comment);
            Assert.NotNull(ids[i].PublicKey);
            Assert.Equal(OpenSshTool.Fingerprint(keys.PathOf(KeyNames[i]) + ".pub"), ids[i].PublicKey!.Fingerprint(HashAlgorithmName.SHA256));
        }

        var data = RandomNumberGenerator.GetBytes(64);
        foreach (var id in ids)
        {
            var signer = new AgentSigner(client, id);
            Assert.Equal(id.Comment, signer.Comment);
            foreach (var alg in id.PublicKey!.SignatureAlgorithms)
            {
                var sig = await signer.SignAsync(alg, data, CancellationToken.None);
                Assert.Equal(alg, PublicKeyParser.PeekKeyType(sig));
                Assert.True(id.PublicKey.Verify(alg, data, sig), alg);
            }
        }
    }

    [Fact]
    public async Task AgentSignatureVerifiesWithSshKeygen()
    {
        using var agent = new SshAgentProcess(keys.Dir);
        Assert.Equal(0, agent.Add(keys.PathOf("ed25519")).ExitCode);
        await using var client = await AgentClient.ConnectAsync(agent.SocketPath);
        var id = Assert.Single(await client.RequestIdentitiesAsync());
        var message = "agent-signed message"u8.ToArray();
        var sig = await client.SignAsync(id.Blob, Sshsig.SignedData("test", message), "ssh-ed25519");
        var r = Sshsig.CheckWithOpenSsh(id.PublicKey!, sig, message, keys.Dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    [Fact]
    public async Task UnknownKeyIsRefusedWithOpenSshWording()
    {
        using var agent = new SshAgentProcess(keys.Dir);
        await using var client = await AgentClient.ConnectAsync(agent.SocketPath);
        Assert.Empty(await client.RequestIdentitiesAsync());
        var pub = PublicKeyFile.TryLoad(keys.PathOf("ed25519"))!;
        var e = await Assert.ThrowsAsync<AgentRefusedException>(() => client.SignAsync(pub.Blob, new byte[] { 1 }, "ssh-ed25519"));
        Assert.Equal("agent refused operation", e.Message);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public async Task ConfirmationKeysFollowTheAgentsAskpass(int askpassExit, bool allowed)
    {
        var askpass = Path.Combine(keys.Dir, $"askpass-{askpassExit}-{Guid.NewGuid():N}.sh");
        File.WriteAllText(askpass, $"#!/bin/sh\nexit {askpassExit}\n");
        File.SetUnixFileMode(askpass, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var agent = new SshAgentProcess(keys.Dir, new Dictionary<string, string>
        {
            ["SSH_ASKPASS"] = askpass,
            ["SSH_ASKPASS_REQUIRE"] = "force",
            ["DISPLAY"] = ":0",
        });
        Assert.Equal(0, agent.Add("-c", keys.PathOf("ecdsa256")).ExitCode);
        await using var client = await AgentClient.ConnectAsync(agent.SocketPath);
        var id = Assert.Single(await client.RequestIdentitiesAsync());
        var data = new byte[] { 1, 2, 3 };
        if (allowed)
        {
            var sig = await client.SignAsync(id.Blob, data, "ecdsa-sha2-nistp256");
            Assert.True(id.PublicKey!.Verify("ecdsa-sha2-nistp256", data, sig));
        }
        else
        {
            await Assert.ThrowsAsync<AgentRefusedException>(() => client.SignAsync(id.Blob, data, "ecdsa-sha2-nistp256"));
        }
    }

    [Fact]
    public async Task CancelledRequestRetiresTheConnection()
    {
        // An agent that never answers: the request is cancelled, and the half-done exchange must not be reused.
        await using var fake = await FakeAgent.StartAsync(keys.Dir, [], holdMs: 3000);
        await using var client = await AgentClient.ConnectAsync(fake.SocketPath);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.RequestIdentitiesAsync(cts.Token));
        var e = await Assert.ThrowsAsync<AgentException>(() => client.RequestIdentitiesAsync());
        Assert.Contains("unusable", e.Message);
    }

    [Fact]
    public async Task MissingSocketIsAClearError()
    {
        var e = await Assert.ThrowsAsync<AgentException>(() => AgentClient.ConnectAsync(Path.Combine(keys.Dir, "no-such.sock")));
        Assert.Contains("no-such.sock", e.Message);
        Assert.Null(AgentClient.ResolveSocketPath("none"));
        Assert.Equal("/x/y", AgentClient.ResolveSocketPath("/x/y"));
    }

    [Fact]
    public async Task OversizedReplyIsRefused()
    {
        var reply = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(reply, 256 * 1024 + 1);
        await using var fake = await FakeAgent.StartAsync(keys.Dir, reply);
        await using var client = await AgentClient.ConnectAsync(fake.SocketPath);
        var e = await Assert.ThrowsAsync<AgentException>(() => client.RequestIdentitiesAsync());
        Assert.Contains("length", e.Message);
    }

    [Fact]
    public async Task UnknownKeyTypesAreListedAsRawBlobs()
    {
        using var w = new Braid.Ssh.Wire.SshWriter();
        using var blob = new Braid.Ssh.Wire.SshWriter();
        blob.WriteString("ssh-ed448").WriteString(new byte[57]);
        w.WriteUInt32(0).WriteByte(12).WriteUInt32(1).WriteString(blob.WrittenSpan).WriteString("odd key");
        var reply = w.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(reply, (uint)(reply.Length - 4));
        await using var fake = await FakeAgent.StartAsync(keys.Dir, reply);
        await using var client = await AgentClient.ConnectAsync(fake.SocketPath);
        var id = Assert.Single(await client.RequestIdentitiesAsync());
        Assert.Null(id.PublicKey);
        Assert.Equal("ssh-ed448", id.KeyType);
        Assert.Equal("odd key", id.Comment);
        Assert.Throws<ArgumentException>(() => new AgentSigner(client, id));
    }

    /// <summary>A one-shot agent that reads one request and answers with fixed bytes.</summary>
    private sealed class FakeAgent : IAsyncDisposable
    {
        private readonly Socket _listener;
        private readonly Task _serve;
        public string SocketPath { get; }

        private FakeAgent(Socket listener, string path, byte[] reply, int holdMs)
        {
            _listener = listener;
            SocketPath = path;
            _serve = Task.Run(async () =>
            {
                using var conn = await _listener.AcceptAsync();
                var buf = new byte[4096];
                await conn.ReceiveAsync(buf);
                await conn.SendAsync(reply);
                await Task.Delay(holdMs);
            });
        }

        public static Task<FakeAgent> StartAsync(string dir, byte[] reply, int holdMs = 200)
        {
            var path = Path.Combine(dir, "fake-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Bind(new UnixDomainSocketEndPoint(path));
            s.Listen(1);
            return Task.FromResult(new FakeAgent(s, path, reply, holdMs));
        }

        public async ValueTask DisposeAsync()
        {
            try { await _serve.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
            _listener.Dispose();
            File.Delete(SocketPath);
        }
    }
}
