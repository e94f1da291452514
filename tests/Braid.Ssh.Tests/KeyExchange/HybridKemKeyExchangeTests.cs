using System.Security.Cryptography;
using Braid.Ssh.KeyExchange;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Pqc.Crypto.NtruPrime;
using Org.BouncyCastle.Security;

namespace Braid.Ssh.Tests.KeyExchange;

public class HybridKemKeyExchangeTests
{
    /// <summary>The server side of OpenSSH's kex_kem_*_enc, written from the spec: encapsulate to the
    /// client's PQ key, make an X25519 key pair, reply ciphertext || X25519 public.</summary>
    private static (byte[] Reply, byte[] PqSecret, byte[] XSecret) ServerEncapsulate(string name, byte[] clientInit)
    {
        bool mlkem = name.StartsWith("mlkem", StringComparison.Ordinal);
        int pkLen = mlkem ? 1184 : 1158;
        Assert.Equal(pkLen + 32, clientInit.Length);
        byte[] pqPublic = clientInit[..pkLen], xPublic = clientInit[pkLen..];

        byte[] ct, pqSecret;
        if (mlkem)
        {
            var enc = new MLKemEncapsulator(MLKemParameters.ml_kem_768);
            enc.Init(MLKemPublicKeyParameters.FromEncoding(MLKemParameters.ml_kem_768, pqPublic));
            ct = new byte[enc.EncapsulationLength];
            pqSecret = new byte[enc.SecretLength];
            enc.Encapsulate(ct, pqSecret);
            Assert.Equal(1088, ct.Length);
        }
        else
        {
            using var sw = new SNtruPrimeKemGenerator(new SecureRandom())
                .GenerateEncapsulated(new SNtruPrimePublicKeyParameters(SNtruPrimeParameters.sntrup761, pqPublic));
            ct = sw.GetEncapsulation();
            pqSecret = sw.GetSecret();
            Assert.Equal(1039, ct.Length);
        }
        Assert.Equal(32, pqSecret.Length);

        byte[] xPriv = new byte[32], xPub = new byte[32], xSecret = new byte[32];
        X25519.GeneratePrivateKey(new SecureRandom(), xPriv);
        X25519.GeneratePublicKey(xPriv, 0, xPub, 0);
        Assert.True(X25519.CalculateAgreement(xPriv, 0, xPublic, 0, xSecret, 0));
        return ([.. ct, .. xPub], pqSecret, xSecret);
    }

    [Theory]
    [InlineData("mlkem768x25519-sha256", "SHA256")]
    [InlineData("sntrup761x25519-sha512", "SHA512")]
    [InlineData("sntrup761x25519-sha512@openssh.com", "SHA512")]
    public async Task ClientAndIndependentServerDeriveTheSameKAndH(string name, string hashName)
    {
        var hash = new HashAlgorithmName(hashName);
        var inputs = Samples.Inputs();
        byte[] sig = Samples.Signature();
        byte[]? clientInit = null, serverReply = null, pq = null, x = null;

        var conv = new ScriptedConversation(msg =>
        {
            clientInit = TestParse.SingleString(msg, 30);
            (serverReply, pq, x) = ServerEncapsulate(name, clientInit);
            return TestParse.EcdhReply(Samples.HostKey, serverReply, sig);
        });

        var method = new HybridKemKeyExchange(name);
        Assert.Equal(hash, method.Hash);
        var result = await method.ExchangeAsync(conv, inputs, CancellationToken.None);

        // K = string(HASH(pq_secret || x25519_secret)); H hashes it in that string form.
        byte[] k = TestWire.Str(TestWire.Hash(hash, [.. pq!, .. x!]));
        byte[] h = TestWire.Hash(hash, TestWire.Cat(TestWire.HashPrefix(inputs, Samples.HostKey),
            TestWire.Str(clientInit!), TestWire.Str(serverReply!), k));
        Assert.Equal(k, result.SharedSecret);
        Assert.Equal(4 + KexHashing.SizeInBytes(hash), result.SharedSecret.Length);
        Assert.Equal(h, result.ExchangeHash);
        Assert.Equal(Samples.HostKey, result.HostKeyBlob);
        Assert.Equal(sig, result.Signature);
    }

    [Theory]
    [InlineData("mlkem768x25519-sha256", 1088)]
    [InlineData("sntrup761x25519-sha512", 1039)]
    public async Task RejectsAReplyOfTheWrongLength(string name, int ciphertextLength)
    {
        foreach (int len in new[] { ciphertextLength + 31, ciphertextLength + 33, 32 })
        {
            var conv = new ScriptedConversation(_ => TestParse.EcdhReply(Samples.HostKey, new byte[len], [1]));
            await Assert.ThrowsAsync<SshProtocolException>(() =>
                new HybridKemKeyExchange(name).ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
        }
    }

    [Fact]
    public async Task RejectsAnAllZeroX25519Secret()
    {
        var conv = new ScriptedConversation(msg =>
        {
            var (reply, _, _) = ServerEncapsulate("mlkem768x25519-sha256", TestParse.SingleString(msg, 30));
            reply.AsSpan(1088).Clear(); // X25519 public u = 0, a low-order point
            return TestParse.EcdhReply(Samples.HostKey, reply, [1]);
        });
        var ex = await Assert.ThrowsAsync<SshProtocolException>(() =>
            new HybridKemKeyExchange("mlkem768x25519-sha256").ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
        Assert.Contains("zero", ex.Message);
    }

    [Fact]
    public async Task RejectsTheWrongMessageNumber()
    {
        var conv = new ScriptedConversation(_ =>
        {
            var r = TestParse.EcdhReply(Samples.HostKey, new byte[1088 + 32], [1]);
            r[0] = 32;
            return r;
        });
        await Assert.ThrowsAsync<SshProtocolException>(() =>
            new HybridKemKeyExchange("mlkem768x25519-sha256").ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
    }
}
