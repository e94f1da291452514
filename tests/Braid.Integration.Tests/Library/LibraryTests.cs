using System.Text;
using Braid.Integration.Tests.Fixtures;
using Braid.Ssh;
using Braid.Ssh.Auth;
using Braid.Ssh.Channels;
using Braid.Ssh.KeyExchange;
using Braid.Ssh.Keys;
using Braid.Ssh.Transport;
using Braid.Ssh.Transport.Ciphers;

namespace Braid.Integration.Tests.Library;

/// <summary>Braid.Ssh used as a library from a .NET program, against a real sshd.</summary>
public class LibraryTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    private sealed class NoPrompt : IAuthPrompter
    {
        public Braid.Ssh.Secret? ReadSecret(string prompt) => null;
        public string? ReadLine(string prompt) => null;
        public void Show(string text) { }
    }

    private SshClientSettings Settings(string kex = "curve25519-sha256", string cipher = "aes128-gcm@openssh.com")
    {
        var S = sshd.Server;
        var key = PrivateKeyFile.Load(S.UserKey, _ => null);
        return new SshClientSettings
        {
            Dial = new DialOptions { Host = "127.0.0.1", Port = S.Port },
            Transport = new TransportOptions
            {
                KexAlgorithms = [kex],
                HostKeyAlgorithms = ["ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256"],
                Ciphers = [cipher],
                Macs = CipherRegistry.DefaultMacs,
                HostKeyCheck = (k, _) =>
                {
                    var known = File.ReadAllText(S.KnownHosts);
                    if (!known.Contains(Convert.ToBase64String(k.Blob))) throw new SshException("Host key verification failed.");
                    return ValueTask.CompletedTask;
                },
            },
            Auth = new AuthOptions
            {
                User = "root",
                Host = "127.0.0.1",
                Prompter = new NoPrompt(),
                Identities = [new AuthIdentity { PublicKey = key.PublicKey, Comment = S.UserKey, CanSignWithoutPrompt = true,
                    GetSigner = _ => ValueTask.FromResult<ISigner?>(new PrivateKeySigner(key, S.UserKey, ownsKey: false)) }],
            },
        };
    }

    private static async Task<(string Out, int? Exit)> Exec(SshClient c, string cmd)
    {
        var ch = await c.Connection.OpenSessionAsync();
        Assert.True(await ch.ExecAsync(cmd));
        await ch.SendEofAsync();
        var sb = new StringBuilder();
        var buf = new byte[4096];
        int n;
        while ((n = await ch.ReadAsync(buf)) > 0) sb.Append(Encoding.UTF8.GetString(buf, 0, n));
        await ch.Closed;
        return (sb.ToString(), ch.ExitStatus);
    }

    [Fact]
    public async Task RunsCommandsOverOneConnection()
    {
        await using var c = await SshClient.ConnectAsync(Settings());
        var (o1, e1) = await Exec(c, "echo one; exit 3");
        var (o2, e2) = await Exec(c, "echo two");
        Assert.Equal("one\n", o1);
        Assert.Equal(3, e1);
        Assert.Equal("two\n", o2);
        Assert.Equal(0, e2);
    }

    [Theory]
    [InlineData("chacha20-poly1305@openssh.com")]
    [InlineData("aes256-ctr")]
    public async Task OtherCiphers(string cipher)
    {
        await using var c = await SshClient.ConnectAsync(Settings(cipher: cipher));
        Assert.Equal("ok\n", (await Exec(c, "echo ok")).Out);
    }

    [Fact]
    public async Task ParallelSessionsOnOneConnection()
    {
        await using var c = await SshClient.ConnectAsync(Settings());
        var tasks = Enumerable.Range(0, 8).Select(i => Exec(c, $"echo {i}")).ToArray();
        var results = await Task.WhenAll(tasks);
        for (int i = 0; i < 8; i++) Assert.Equal($"{i}\n", results[i].Out);
    }
}
