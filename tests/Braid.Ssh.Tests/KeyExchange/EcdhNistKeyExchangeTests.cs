using System.Security.Cryptography;
using Braid.Ssh.KeyExchange;

namespace Braid.Ssh.Tests.KeyExchange;

public class EcdhNistKeyExchangeTests
{
    public static TheoryData<string, string, int> Curves => new()
    {
        { "ecdh-sha2-nistp256", "SHA256", 32 },
        { "ecdh-sha2-nistp384", "SHA384", 48 },
        { "ecdh-sha2-nistp521", "SHA512", 66 },
    };

    private static ECCurve CurveOf(int fieldBytes) => fieldBytes switch
    {
        32 => ECCurve.NamedCurves.nistP256,
        48 => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };

    private static byte[] Uncompressed(ECDiffieHellman key)
    {
        var q = key.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public async Task ClientAndIndependentServerDeriveTheSameKAndH(string name, string hashName, int n)
    {
        var hash = new HashAlgorithmName(hashName);
        var inputs = Samples.Inputs();
        byte[] sig = Samples.Signature();
        using var server = ECDiffieHellman.Create(CurveOf(n));
        byte[] serverPub = Uncompressed(server);
        byte[]? clientPub = null, shared = null;

        var conv = new ScriptedConversation(msg =>
        {
            clientPub = TestParse.SingleString(msg, 30);
            Assert.Equal(1 + 2 * n, clientPub.Length);
            Assert.Equal(0x04, clientPub[0]);
            using var peer = ECDiffieHellman.Create(new ECParameters
            {
                Curve = CurveOf(n),
                Q = new ECPoint { X = clientPub[1..(1 + n)], Y = clientPub[(1 + n)..] },
            });
            shared = server.DeriveRawSecretAgreement(peer.PublicKey);
            return TestParse.EcdhReply(Samples.HostKey, serverPub, sig);
        });

        var method = new EcdhNistKeyExchange(name);
        Assert.Equal(hash, method.Hash);
        var result = await method.ExchangeAsync(conv, inputs, CancellationToken.None);

        byte[] k = TestWire.MpintUnsigned(shared!);
        byte[] h = TestWire.Hash(hash, TestWire.Cat(TestWire.HashPrefix(inputs, Samples.HostKey),
            TestWire.Str(clientPub!), TestWire.Str(serverPub), k));
        Assert.Equal(k, result.SharedSecret);
        Assert.Equal(h, result.ExchangeHash);
        Assert.Equal(sig, result.Signature);
        Assert.Equal(hash, result.Hash);
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public async Task RejectsAPointThatIsNotOnTheCurve(string name, string hashName, int n)
    {
        _ = hashName;
        using var server = ECDiffieHellman.Create(CurveOf(n));
        byte[] bad = Uncompressed(server);
        bad[^1] ^= 0x01; // same x, wrong y: off the curve
        var conv = new ScriptedConversation(_ => TestParse.EcdhReply(Samples.HostKey, bad, [1]));
        await Assert.ThrowsAsync<SshProtocolException>(() =>
            new EcdhNistKeyExchange(name).ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
    }

    [Fact]
    public async Task RejectsCompressedAndWrongLengthPoints()
    {
        using var server = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        byte[] good = Uncompressed(server);
        byte[] compressed = [(byte)(0x02 | (good[^1] & 1)), .. good[1..33]];
        foreach (var blob in new[] { compressed, good[..^1], new byte[65] })
        {
            var conv = new ScriptedConversation(_ => TestParse.EcdhReply(Samples.HostKey, blob, [1]));
            await Assert.ThrowsAsync<SshProtocolException>(() =>
                new EcdhNistKeyExchange("ecdh-sha2-nistp256").ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
        }
    }

    [Fact]
    public async Task RejectsTheWrongMessageNumber()
    {
        using var server = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var reply = TestParse.EcdhReply(Samples.HostKey, Uncompressed(server), [1]);
        reply[0] = 30;
        var conv = new ScriptedConversation(_ => reply);
        await Assert.ThrowsAsync<SshProtocolException>(() =>
            new EcdhNistKeyExchange("ecdh-sha2-nistp256").ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
    }
}
