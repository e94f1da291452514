using System.Security.Cryptography;
using Braid.Ssh.KeyExchange;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Security;

namespace Braid.Ssh.Tests.KeyExchange;

public class Curve25519KeyExchangeTests
{
    [Fact]
    public void Rfc7748Section61VectorsHoldForTheBouncyCastleCalls()
    {
        byte[] a = TestWire.Hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] b = TestWire.Hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        var aPub = new byte[32]; var bPub = new byte[32]; var k1 = new byte[32]; var k2 = new byte[32];
        X25519.GeneratePublicKey(a, 0, aPub, 0);
        X25519.GeneratePublicKey(b, 0, bPub, 0);
        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Convert.ToHexStringLower(aPub));
        Assert.Equal("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Convert.ToHexStringLower(bPub));
        Assert.True(X25519.CalculateAgreement(a, 0, bPub, 0, k1, 0));
        Assert.True(X25519.CalculateAgreement(b, 0, aPub, 0, k2, 0));
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Convert.ToHexStringLower(k1));
        Assert.Equal(k1, k2);
    }

    [Theory]
    [InlineData("curve25519-sha256")]
    [InlineData("curve25519-sha256@libssh.org")]
    public async Task ClientAndIndependentServerDeriveTheSameKAndH(string name)
    {
        var inputs = Samples.Inputs();
        byte[] sig = Samples.Signature();
        byte[] serverPriv = new byte[32], serverPub = new byte[32], shared = new byte[32];
        X25519.GeneratePrivateKey(new SecureRandom(), serverPriv);
        X25519.GeneratePublicKey(serverPriv, 0, serverPub, 0);
        byte[]? clientPub = null;

        var conv = new ScriptedConversation(msg =>
        {
            clientPub = TestParse.SingleString(msg, 30);
            Assert.Equal(32, clientPub.Length);
            Assert.True(X25519.CalculateAgreement(serverPriv, 0, clientPub, 0, shared, 0));
            return TestParse.EcdhReply(Samples.HostKey, serverPub, sig);
        });

        var method = new Curve25519KeyExchange(name);
        Assert.Equal(name, method.Name);
        var result = await method.ExchangeAsync(conv, inputs, CancellationToken.None);

        byte[] k = TestWire.MpintUnsigned(shared);
        byte[] h = SHA256.HashData(TestWire.Cat(TestWire.HashPrefix(inputs, Samples.HostKey),
            TestWire.Str(clientPub!), TestWire.Str(serverPub), k));
        Assert.Equal(k, result.SharedSecret);
        Assert.Equal(h, result.ExchangeHash);
        Assert.Equal(Samples.HostKey, result.HostKeyBlob);
        Assert.Equal(sig, result.Signature);
        Assert.Equal(HashAlgorithmName.SHA256, result.Hash);
    }

    [Fact]
    public async Task RejectsAnAllZeroSharedSecret()
    {
        // u = 0 is a low-order point: every scalar maps it to 0.
        var conv = new ScriptedConversation(_ => TestParse.EcdhReply(Samples.HostKey, new byte[32], [1]));
        var ex = await Assert.ThrowsAsync<SshProtocolException>(() =>
            new Curve25519KeyExchange().ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
        Assert.Contains("zero", ex.Message);
    }

    [Fact]
    public async Task RejectsAServerKeyOfTheWrongLength()
    {
        var conv = new ScriptedConversation(_ => TestParse.EcdhReply(Samples.HostKey, new byte[31], [1]));
        await Assert.ThrowsAsync<SshProtocolException>(() =>
            new Curve25519KeyExchange().ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
    }

    [Fact]
    public async Task RejectsTheWrongMessageNumber()
    {
        var conv = new ScriptedConversation(_ =>
        {
            var r = TestParse.EcdhReply(Samples.HostKey, RandomNumberGenerator.GetBytes(32), [1]);
            r[0] = 33;
            return r;
        });
        var ex = await Assert.ThrowsAsync<SshProtocolException>(() =>
            new Curve25519KeyExchange().ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
        Assert.Contains("expected", ex.Message);
    }

    [Fact]
    public async Task RejectsATruncatedReplyAndTrailingBytes()
    {
        var full = TestParse.EcdhReply(Samples.HostKey, RandomNumberGenerator.GetBytes(32), [1, 2, 3]);
        var truncated = new ScriptedConversation(_ => full[..^2]);
        await Assert.ThrowsAsync<SshProtocolException>(() =>
            new Curve25519KeyExchange().ExchangeAsync(truncated, Samples.Inputs(), CancellationToken.None));
        var trailing = new ScriptedConversation(_ => [.. full, 0]);
        await Assert.ThrowsAsync<SshProtocolException>(() =>
            new Curve25519KeyExchange().ExchangeAsync(trailing, Samples.Inputs(), CancellationToken.None));
    }

    [Fact]
    public void RefusesAnUnknownName() =>
        Assert.Throws<ArgumentException>(() => new Curve25519KeyExchange("curve448-sha512"));
}
