namespace Braid.Config.Tests;

public class AlgorithmListTests
{
    private static readonly string[] Def = ["a", "b", "c"];
    private static readonly string[] All = ["a", "b", "c", "d", "e1", "e2"];

    [Theory]
    [InlineData(null, "a,b,c")]
    [InlineData("", "a,b,c")]
    [InlineData("+d", "a,b,c,d")]
    [InlineData("+b,d", "a,b,c,d")]
    [InlineData("+e*", "a,b,c,e1,e2")]
    [InlineData("-b", "a,c")]
    [InlineData("-*", "")]
    [InlineData("^d", "d,a,b,c")]
    [InlineData("^c,d", "c,d,a,b")]
    [InlineData("d,a", "d,a")]
    [InlineData("e*", "e1,e2")]
    public void Assemble(string? configured, string expected) =>
        Assert.Equal(expected, string.Join(',', AlgorithmList.Assemble(configured, Def, All)!));

    [Fact]
    public void EmptyResultOrNegationFails()
    {
        Assert.Null(AlgorithmList.Assemble("zz", Def, All));
        Assert.Null(AlgorithmList.Assemble("!a", Def, All));
    }

    [Fact]
    public void Validation()
    {
        Assert.True(AlgorithmList.ExactNamesValid("a,b", All));
        Assert.False(AlgorithmList.ExactNamesValid("a,x", All));
        Assert.False(AlgorithmList.ExactNamesValid("e*", All));
        Assert.True(AlgorithmList.KeyNamesValid("e*", All, plainOnly: false));
        Assert.False(AlgorithmList.KeyNamesValid("x*", All, plainOnly: false));
    }

    [Fact]
    public void SuppliedDefaultsAreUsed()
    {
        var defaults = new ConfigDefaults
        {
            Ciphers = ["aes256-gcm@openssh.com"],
            SupportedCiphers = ["aes256-gcm@openssh.com", "aes128-ctr"],
            Macs = ["hmac-sha2-256"],
            SupportedMacs = ["hmac-sha2-256"],
            KexAlgorithms = ["curve25519-sha256"],
            SupportedKexAlgorithms = ["curve25519-sha256"],
            KeyAlgorithms = ["ssh-ed25519"],
            SupportedKeyAlgorithms = ["ssh-ed25519", "rsa-sha2-256"],
            CASignatureAlgorithms = ["ssh-ed25519"],
            SupportedSignatureAlgorithms = ["ssh-ed25519"],
            GssKexAlgorithms = [],
            SupportedGssKexAlgorithms = [],
        };
        var cfg = TestConfig.Resolve("Ciphers +aes128-ctr\nHostKeyAlgorithms ^rsa-sha2-256\n", defaults: defaults);
        Assert.Equal(["aes256-gcm@openssh.com", "aes128-ctr"], cfg.Ciphers);
        Assert.Equal(["rsa-sha2-256", "ssh-ed25519"], cfg.HostKeyAlgorithms);
        Assert.Equal(["curve25519-sha256"], cfg.KexAlgorithms);
    }
}
