using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Core;

/// <summary>A server whose first key exchange method is curve25519-sha256 (and first host key ssh-ed25519).</summary>
public sealed class Curve25519FirstFixture : IDisposable
{
    public SshdServer Server { get; } = new(new SshdOptions { KexAlgorithms = "curve25519-sha256,sntrup761x25519-sha512@openssh.com,ecdh-sha2-nistp256" });
    public void Dispose() => Server.Dispose();
}

/// <summary>
/// Our first key share goes out with our KEXINIT (first_kex_packet_follows), before the server has even
/// identified itself: one round trip less when the guess is right. sshd keeps it only when both sides
/// list the same kex and host key algorithm first (RFC 4253 §7), and must discard it otherwise.
/// </summary>
public class KexGuessTests(Curve25519FirstFixture f) : IClassFixture<Curve25519FirstFixture>
{
    [Theory]
    [InlineData("curve25519-sha256,ecdh-sha2-nistp256", "ssh-ed25519,rsa-sha2-512", true)]
    [InlineData("curve25519-sha256", "rsa-sha2-512,ssh-ed25519", false)]
    [InlineData("ecdh-sha2-nistp256,curve25519-sha256", "ssh-ed25519", false)]
    [InlineData("mlkem768x25519-sha256,curve25519-sha256", "ssh-ed25519", false)]
    [InlineData("sntrup761x25519-sha512@openssh.com", "ssh-ed25519", false)]
    public async Task AGuessedFirstKeyShareIsKeptOrDiscardedAsTheServerDecides(string kex, string hostKeyAlgs, bool right)
    {
        var r = await ProcessRunner.RunAsync(Paths.Braid, ["-F", f.Server.ConfigFile, "-o", "KexAlgorithms=" + kex,
            "-o", "HostKeyAlgorithms=" + hostKeyAlgs, "-v", "h", "echo ok"]);
        Assert.True(r.Stdout == "ok\n", r.Stderr);
        Assert.Contains(right ? "right: its key share is already with the server" : "wrong; the server discards it", r.Stderr);
    }

    [Fact]
    public async Task TheDefaultHostKeyOrderKeepsTheGuessWhenNoCaCoversTheHost()
    {
        // ssh 9.2 proposes certificate algorithms first; without a @cert-authority line Braid moves them last,
        // so its first host key algorithm is the server's (ssh-ed25519) and the key share is kept.
        var r = await ProcessRunner.RunAsync(Paths.Braid, ["-F", f.Server.ConfigFile, "-o", "KexAlgorithms=curve25519-sha256", "-v", "h", "echo ok"]);
        Assert.True(r.Stdout == "ok\n", r.Stderr);
        Assert.Contains("right: its key share is already with the server", r.Stderr);
    }
}
