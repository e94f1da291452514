using Braid.Ssh.KeyExchange;

namespace Braid.Ssh.Tests.KeyExchange;

public class KeyExchangeRegistryTests
{
    [Fact]
    public void DefaultOrderIsOpenSsh99ClientDefault() =>
        Assert.Equal(
            "mlkem768x25519-sha256,sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com," +
            "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384," +
            "ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512," +
            "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256",
            string.Join(",", KeyExchangeRegistry.DefaultClientOrder));

    [Fact]
    public void EverySupportedNameCreatesAMethodOfThatName()
    {
        Assert.Contains("diffie-hellman-group14-sha1", KeyExchangeRegistry.Supported);
        Assert.DoesNotContain("diffie-hellman-group14-sha1", KeyExchangeRegistry.DefaultClientOrder);
        foreach (var name in KeyExchangeRegistry.Supported)
        {
            Assert.True(KeyExchangeRegistry.IsSupported(name));
            Assert.Equal(name, KeyExchangeRegistry.Create(name).Name);
        }
    }

    [Fact]
    public void GexTakesThePreferredSize()
    {
        var gex = Assert.IsType<DiffieHellmanGroupExchange>(
            KeyExchangeRegistry.Create("diffie-hellman-group-exchange-sha256", gexPreferredBits: 7680));
        Assert.Equal(7680, gex.PreferredBits);
    }

    [Theory]
    [InlineData("diffie-hellman-group1-sha1")]
    [InlineData("CURVE25519-SHA256")]
    [InlineData("")]
    public void UnknownNamesAreRefused(string name)
    {
        Assert.False(KeyExchangeRegistry.IsSupported(name));
        Assert.Throws<ArgumentException>(() => KeyExchangeRegistry.Create(name));
    }
}
