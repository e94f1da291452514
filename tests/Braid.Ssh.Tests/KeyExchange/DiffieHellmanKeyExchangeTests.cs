using System.Numerics;
using System.Security.Cryptography;
using Braid.Ssh.KeyExchange;

namespace Braid.Ssh.Tests.KeyExchange;

public class DiffieHellmanKeyExchangeTests
{
    internal static BigInteger RandomExponent(int bits = 256) =>
        new BigInteger(RandomNumberGenerator.GetBytes(bits / 8), isUnsigned: true, isBigEndian: true) | BigInteger.One << (bits - 1);

    /// <summary>SSH_MSG_KEXDH_REPLY / KEX_DH_GEX_REPLY: number, string K_S, mpint f, string signature.</summary>
    internal static byte[] DhReply(byte number, BigInteger f, byte[] sig) =>
        TestWire.Cat([number], TestWire.Str(Samples.HostKey), TestWire.Mpint(f), TestWire.Str(sig));

    [Theory]
    [InlineData("diffie-hellman-group14-sha1", "SHA1", 2048)]
    [InlineData("diffie-hellman-group14-sha256", "SHA256", 2048)]
    [InlineData("diffie-hellman-group16-sha512", "SHA512", 4096)]
    [InlineData("diffie-hellman-group18-sha512", "SHA512", 8192)]
    public async Task ClientAndIndependentServerDeriveTheSameKAndH(string name, string hashName, int bits)
    {
        var hash = new HashAlgorithmName(hashName);
        var p = RfcPrimes.Modp(bits);
        var inputs = Samples.Inputs();
        byte[] sig = Samples.Signature();
        var y = RandomExponent();
        var f = BigInteger.ModPow(2, y, p);
        BigInteger e = default, k = default;

        var conv = new ScriptedConversation(msg =>
        {
            e = TestParse.SingleMpint(msg, 30);
            Assert.True(e > 1 && e < p - 1);
            k = BigInteger.ModPow(e, y, p);
            return DhReply(31, f, sig);
        });

        var method = new DiffieHellmanKeyExchange(name);
        Assert.Equal(hash, method.Hash);
        var result = await method.ExchangeAsync(conv, inputs, CancellationToken.None);

        byte[] kEnc = TestWire.Mpint(k);
        byte[] h = TestWire.Hash(hash, TestWire.Cat(TestWire.HashPrefix(inputs, Samples.HostKey),
            TestWire.Mpint(e), TestWire.Mpint(f), kEnc));
        Assert.Equal(kEnc, result.SharedSecret);
        Assert.Equal(h, result.ExchangeHash);
        Assert.Equal(sig, result.Signature);
    }

    public static TheoryData<string> BadF => ["0", "1", "p-1", "p", "p+1", "-2", "2^1000"];

    [Theory]
    [MemberData(nameof(BadF))]
    public async Task RejectsServerValuesOutsideTheSafeRange(string which)
    {
        var p = RfcPrimes.Modp(2048);
        BigInteger f = which switch
        {
            "0" => 0, "1" => 1, "p-1" => p - 1, "p" => p, "p+1" => p + 1, "-2" => -2,
            _ => BigInteger.One << 1000, // in range but a power of two: OpenSSH rejects (one bit set)
        };
        var conv = new ScriptedConversation(_ => DhReply(31, f, [1]));
        var ex = await Assert.ThrowsAsync<SshProtocolException>(() =>
            new DiffieHellmanKeyExchange("diffie-hellman-group14-sha256").ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
        Assert.Contains("f", ex.Message);
    }

    [Fact]
    public async Task RejectsTheWrongMessageNumberAndTruncation()
    {
        var good = DhReply(31, 5, [1, 2]);
        byte[] wrongNumber = [33, .. good[1..]];
        foreach (var reply in new[] { wrongNumber, good[..^1], Array.Empty<byte>() })
        {
            var conv = new ScriptedConversation(_ => reply);
            await Assert.ThrowsAsync<SshProtocolException>(() =>
                new DiffieHellmanKeyExchange("diffie-hellman-group14-sha256").ExchangeAsync(conv, Samples.Inputs(), CancellationToken.None));
        }
    }
}
