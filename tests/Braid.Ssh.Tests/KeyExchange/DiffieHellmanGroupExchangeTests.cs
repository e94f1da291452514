using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using Braid.Ssh.KeyExchange;

namespace Braid.Ssh.Tests.KeyExchange;

public class DiffieHellmanGroupExchangeTests
{
    private static byte[] Group(BigInteger p, BigInteger g) => TestWire.Cat([31], TestWire.Mpint(p), TestWire.Mpint(g));

    private static (uint Min, uint N, uint Max) ParseRequest(byte[] msg)
    {
        Assert.Equal(34, msg[0]); // the new-style KEX_DH_GEX_REQUEST, not REQUEST_OLD (30)
        Assert.Equal(13, msg.Length);
        return (BinaryPrimitives.ReadUInt32BigEndian(msg.AsSpan(1)),
                BinaryPrimitives.ReadUInt32BigEndian(msg.AsSpan(5)),
                BinaryPrimitives.ReadUInt32BigEndian(msg.AsSpan(9)));
    }

    [Theory]
    [InlineData(3072, 3072u)]
    [InlineData(8192, 8192u)]
    [InlineData(1024, 2048u)]   // clamped to min
    [InlineData(99999, 8192u)]  // clamped to max
    public async Task ClientAndIndependentServerDeriveTheSameKAndH(int preferred, uint expectedN)
    {
        var inputs = Samples.Inputs();
        byte[] sig = Samples.Signature();
        var p = RfcPrimes.Modp(2048);   // the server's pick from its moduli file
        BigInteger g = 2;
        var y = DiffieHellmanKeyExchangeTests.RandomExponent();
        var f = BigInteger.ModPow(g, y, p);
        (uint Min, uint N, uint Max) request = default;
        BigInteger e = default, k = default;
        int step = 0;

        var conv = new ScriptedConversation(msg =>
        {
            switch (step++)
            {
                case 0:
                    request = ParseRequest(msg);
                    return Group(p, g);
                case 1:
                    e = TestParse.SingleMpint(msg, 32);
                    k = BigInteger.ModPow(e, y, p);
                    return DiffieHellmanKeyExchangeTests.DhReply(33, f, sig);
                default:
                    throw new InvalidOperationException("unexpected third message");
            }
        });

        var method = new DiffieHellmanGroupExchange(preferred);
        var result = await method.ExchangeAsync(conv, inputs, CancellationToken.None);

        Assert.Equal((2048u, expectedN, 8192u), request);
        byte[] kEnc = TestWire.Mpint(k);
        byte[] h = SHA256.HashData(TestWire.Cat(TestWire.HashPrefix(inputs, Samples.HostKey),
            TestWire.U32(request.Min), TestWire.U32(request.N), TestWire.U32(request.Max),
            TestWire.Mpint(p), TestWire.Mpint(g), TestWire.Mpint(e), TestWire.Mpint(f), kEnc));
        Assert.Equal(kEnc, result.SharedSecret);
        Assert.Equal(h, result.ExchangeHash);
        Assert.Equal(Samples.HostKey, result.HostKeyBlob);
        Assert.Equal(sig, result.Signature);
        Assert.Equal(HashAlgorithmName.SHA256, result.Hash);
    }

    public static TheoryData<string> BadGroups => ["too-small", "too-large", "even", "g=1", "g=p-1", "g=0", "trailing"];

    [Theory]
    [MemberData(nameof(BadGroups))]
    public async Task RejectsUnacceptableGroups(string which)
    {
        var p = RfcPrimes.Modp(2048);
        var small = (BigInteger.One << 1535) + 1;        // 1536 bits, below the requested 2048
        var large = (BigInteger.One << 8192) + 1;        // 8193 bits, above the requested 8192
        byte[] group = which switch
        {
            "too-small" => Group(small, 2),
            "too-large" => Group(large, 2),
            "even" => Group(p + 1, 2),
            "g=1" => Group(p, 1),
            "g=p-1" => Group(p, p - 1),
            "g=0" => Group(p, 0),
            _ => [.. Group(p, 2), 0],
        };
        var conv = new ScriptedConversation(msg => msg[0] == 34 ? group : null);
        await Assert.ThrowsAsync<SshProtocolException>(() =>
            new DiffieHellmanGroupExchange().ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
    }

    [Fact]
    public async Task RejectsABadServerValueAndWrongMessageNumbers()
    {
        var p = RfcPrimes.Modp(2048);
        // f = 1
        var conv = new ScriptedConversation(msg => msg[0] == 34 ? Group(p, 2) : DiffieHellmanKeyExchangeTests.DhReply(33, 1, [1]));
        await Assert.ThrowsAsync<SshProtocolException>(() =>
            new DiffieHellmanGroupExchange().ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
        // the fixed-group reply number (31) where GEX_REPLY (33) is due
        conv = new ScriptedConversation(msg => msg[0] == 34 ? Group(p, 2) : DiffieHellmanKeyExchangeTests.DhReply(31, 5, [1]));
        await Assert.ThrowsAsync<SshProtocolException>(() =>
            new DiffieHellmanGroupExchange().ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
        // a reply where the group is due
        conv = new ScriptedConversation(_ => DiffieHellmanKeyExchangeTests.DhReply(33, 5, [1]));
        await Assert.ThrowsAsync<SshProtocolException>(() =>
            new DiffieHellmanGroupExchange().ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
    }

    [Theory]
    [InlineData(80, 2048)]
    [InlineData(112, 2048)]
    [InlineData(128, 3072)]
    [InlineData(192, 7680)]
    [InlineData(256, 8192)]
    [InlineData(512, 8192)]
    public void EstimatesGroupSizeLikeOpenSsh(int securityBits, int expected) =>
        Assert.Equal(expected, DiffieHellmanGroupExchange.EstimateGroupBits(securityBits));

    [Fact]
    public void RefusesNonsenseBounds() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiffieHellmanGroupExchange(3072, 4096, 2048));
}
