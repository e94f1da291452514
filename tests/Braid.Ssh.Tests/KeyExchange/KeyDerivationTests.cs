using System.Security.Cryptography;
using Braid.Ssh.KeyExchange;

namespace Braid.Ssh.Tests.KeyExchange;

public class KeyDerivationTests
{
    /// <summary>RFC 4253 §7.2 written the plain way, as a reference.</summary>
    private static byte[] Reference(HashAlgorithmName hash, byte[] k, byte[] h, char x, byte[] sid, int length)
    {
        var key = new List<byte>(TestWire.Hash(hash, [.. k, .. h, (byte)x, .. sid]));
        while (key.Count < length)
            key.AddRange(TestWire.Hash(hash, [.. k, .. h, .. key]));
        return key.Take(length).ToArray();
    }

    [Theory]
    [InlineData("SHA1", 16)]
    [InlineData("SHA1", 64)]     // 4 rounds of SHA-1
    [InlineData("SHA256", 12)]
    [InlineData("SHA256", 32)]
    [InlineData("SHA256", 64)]   // chacha20-poly1305 key: two rounds
    [InlineData("SHA256", 100)]
    [InlineData("SHA384", 64)]
    [InlineData("SHA512", 64)]
    [InlineData("SHA512", 130)]
    public void MatchesTheRfcConstruction(string hashName, int length)
    {
        var hash = new HashAlgorithmName(hashName);
        byte[] k = TestWire.Mpint(DiffieHellmanKeyExchangeTests.RandomExponent(2048));
        byte[] h = RandomNumberGenerator.GetBytes(KexHashing.SizeInBytes(hash));
        byte[] sid = RandomNumberGenerator.GetBytes(KexHashing.SizeInBytes(hash));
        foreach (char letter in "ABCDEF")
            Assert.Equal(Reference(hash, k, h, letter, sid, length), KeyDerivation.Derive(hash, k, h, letter, sid, length));
    }

    [Fact]
    public void LettersGiveDifferentKeysAndShorterKeysArePrefixes()
    {
        var hash = HashAlgorithmName.SHA256;
        byte[] k = [0, 0, 0, 1, 7], h = new byte[32], sid = new byte[32];
        var a = KeyDerivation.Derive(hash, k, h, 'A', sid, 64);
        var b = KeyDerivation.Derive(hash, k, h, 'B', sid, 64);
        Assert.NotEqual(a, b);
        Assert.Equal(a[..20], KeyDerivation.Derive(hash, k, h, 'A', sid, 20));
        Assert.Empty(KeyDerivation.Derive(hash, k, h, 'A', sid, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyDerivation.Derive(hash, k, h, 'G', sid, 16));
    }
}
