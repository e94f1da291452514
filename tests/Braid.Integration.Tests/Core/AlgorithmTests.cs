using System.Security.Cryptography;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Core;

/// <summary>Every cipher, MAC, key exchange and host key type against OpenSSH 9.2's sshd.</summary>
public class AlgorithmTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    public static TheoryData<string, string> CipherMacPairs()
    {
        var d = new TheoryData<string, string>();
        foreach (var c in new[] { "chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com" })
            d.Add(c, "hmac-sha2-256");
        foreach (var c in new[] { "aes128-ctr", "aes192-ctr", "aes256-ctr" })
            foreach (var m in new[] { "hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com" })
                d.Add(c, m);
        return d;
    }

    /// <summary>256 MiB up through `cat` and back down, compared by SHA-256.</summary>
    [Theory]
    [MemberData(nameof(CipherMacPairs))]
    public async Task BulkDataSurvivesEveryCipherAndMac(string cipher, string mac)
    {
        var chunk = RandomNumberGenerator.GetBytes(1024 * 1024);
        var data = new byte[256 * 1024 * 1024];
        for (int i = 0; i < 256; i++) chunk.CopyTo(data, i * chunk.Length);
        data[12345] ^= 0x5a;
        var r = await sshd.BraidWith(data, null, "-c", cipher, "-m", mac, "h", "cat");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(data.Length, r.StdoutBytes.Length);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(r.StdoutBytes));
    }

    public static TheoryData<string> KexMethods() => new()
    {
        "sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "curve25519-sha256@libssh.org",
        "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
        "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
        "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256",
    };

    [Theory]
    [MemberData(nameof(KexMethods))]
    public async Task EveryKexConnects(string kex)
    {
        var r = await sshd.Braid("-o", "KexAlgorithms=" + kex, "-v", "h", "echo ok");
        Assert.Equal("ok\n", r.Stdout);
        Assert.Contains("kex: algorithm: " + kex, r.Stderr);
    }

    public static TheoryData<string> HostKeyAlgorithms() => new()
    {
        "ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256",
    };

    [Theory]
    [MemberData(nameof(HostKeyAlgorithms))]
    public async Task EveryHostKeyTypeVerifies(string alg)
    {
        var r = await sshd.Braid("-o", "HostKeyAlgorithms=" + alg, "-v", "h", "echo ok");
        Assert.Equal("ok\n", r.Stdout);
        Assert.Contains("kex: host key algorithm: " + alg, r.Stderr);
    }

    [Fact]
    public async Task SshRsaSha1WorksWhenConfigured()
    {
        var r = await sshd.Braid("-o", "HostKeyAlgorithms=ssh-rsa", "-v", "h", "echo ok");
        Assert.Equal("ok\n", r.Stdout);
        Assert.Contains("kex: host key algorithm: ssh-rsa", r.Stderr);
    }

    [Fact]
    public async Task CompressionWorks()
    {
        var data = new byte[8 * 1024 * 1024];
        var r = await sshd.BraidWith(data, null, "-C", "-v", "h", "cat");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(data, r.StdoutBytes);
        Assert.Contains("compression: zlib@openssh.com", r.Stderr);
    }

    [Fact]
    public async Task RekeyingUnderLoadKeepsData()
    {
        // Many re-exchanges with a cheap kex: the point is the rekeying, not sntrup761's CPU cost.
        var data = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        // RekeyLimit 1M: ~30 re-exchanges during a bidirectional transfer.
        var r = await sshd.BraidWith(data, null, "-o", "RekeyLimit=1M", "-o", "KexAlgorithms=curve25519-sha256", "-v", "h", "cat");
        Assert.True(r.ExitCode == 0, r.Stderr.Length > 2000 ? r.Stderr[^2000..] : r.Stderr);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(r.StdoutBytes));
        Assert.Contains("SSH2_MSG_KEXINIT sent (rekey)", r.Stderr);
    }

    [Fact]
    public async Task HundredsOfReExchangesNeverStallASession()
    {
        // RekeyLimit 64K: a re-exchange every few packets, so one is often in flight when the server
        // closes the channel. The reader loop used to wait for the exchange before answering CLOSE —
        // the exchange only the reader loop could finish (2 hangs in 5 runs of this before the fix).
        var data = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);
        for (int run = 0; run < 3; run++)
        {
            var r = await sshd.BraidWith(data, null, "-o", "RekeyLimit=64K", "-o", "KexAlgorithms=curve25519-sha256", "-v", "h", "cat");
            Assert.True(r.ExitCode == 0, r.Stderr.Length > 2000 ? r.Stderr[^2000..] : r.Stderr);
            Assert.Equal(SHA256.HashData(data), SHA256.HashData(r.StdoutBytes));
        }
    }
}
