using Braid.Ssh;
using Braid.Ssh.Transport;

namespace Braid.Ssh.Tests.Transport;

public class NegotiationTests
{
    private static KexInitMessage Msg(string kex, string hk = "ssh-ed25519", string cipher = "aes128-ctr", string mac = "hmac-sha2-256") => new()
    {
        KexAlgorithms = kex.Split(','),
        HostKeyAlgorithms = hk.Split(','),
        CiphersClientToServer = cipher.Split(','),
        CiphersServerToClient = cipher.Split(','),
        MacsClientToServer = mac.Split(','),
        MacsServerToClient = mac.Split(','),
        CompressionClientToServer = ["none"],
        CompressionServerToClient = ["none"],
    };

    [Fact]
    public void ClientPreferenceWins()
    {
        var c = Msg("curve25519-sha256,ecdh-sha2-nistp256,ext-info-c,kex-strict-c-v00@openssh.com", "ssh-ed25519,rsa-sha2-512");
        var s = Msg("ecdh-sha2-nistp256,curve25519-sha256,ext-info-s,kex-strict-s-v00@openssh.com", "rsa-sha2-512,ssh-ed25519");
        var n = AlgorithmNegotiation.Negotiate(c, s, _ => false);
        Assert.Equal("curve25519-sha256", n.Kex);
        Assert.Equal("ssh-ed25519", n.HostKey);
        Assert.True(n.StrictKex);
        Assert.True(n.ServerSendsExtInfo);
    }

    [Fact]
    public void PseudoAlgorithmsAreNeverChosen()
    {
        var c = Msg("ext-info-c,kex-strict-c-v00@openssh.com,curve25519-sha256");
        var s = Msg("ext-info-c,kex-strict-c-v00@openssh.com,curve25519-sha256");
        Assert.Equal("curve25519-sha256", AlgorithmNegotiation.Negotiate(c, s, _ => false).Kex);
        Assert.False(AlgorithmNegotiation.Negotiate(c, s, _ => false).StrictKex);
    }

    [Fact]
    public void AeadCipherIgnoresMac()
    {
        var c = Msg("curve25519-sha256", cipher: "aes256-gcm@openssh.com", mac: "hmac-sha2-256");
        var s = Msg("curve25519-sha256", cipher: "aes256-gcm@openssh.com", mac: "umac-64@openssh.com");
        var n = AlgorithmNegotiation.Negotiate(c, s, x => x.Contains("gcm"));
        Assert.Null(n.MacClientToServer);
    }

    [Fact]
    public void NoCommonAlgorithmSaysWhatFailed()
    {
        var e = Assert.Throws<SshException>(() => AlgorithmNegotiation.Negotiate(Msg("curve25519-sha256"), Msg("diffie-hellman-group1-sha1"), _ => false));
        Assert.Contains("no matching key exchange method found", e.Message);
        Assert.Contains("diffie-hellman-group1-sha1", e.Message);
    }

    [Fact]
    public void KexInitRoundTrips()
    {
        var m = Msg("a,b", "c", "d", "e");
        var parsed = KexInitMessage.Parse(m.Encode());
        Assert.Equal(["a", "b"], parsed.KexAlgorithms);
        Assert.Equal(["e"], parsed.MacsServerToClient);
        Assert.False(parsed.FirstKexPacketFollows);
        m.FirstKexPacketFollows = true;
        Assert.True(KexInitMessage.Parse(m.Encode()).FirstKexPacketFollows);
    }
}
