using Braid.Ssh.KeyExchange;

namespace Braid.Ssh.Tests.KeyExchange;

public class ModpGroupsTests
{
    [Theory]
    [InlineData(2048, 124476)]
    [InlineData(4096, 240904)]
    [InlineData(8192, 4743158)]
    public void PrimesMatchTheirRfc3526Definition(int bits, int k)
    {
        var p = RfcPrimes.Modp(bits);
        Assert.Equal(RfcPrimes.FromDefinition(bits, k), p);
        Assert.Equal(bits, (long)p.GetBitLength());
    }

    [Fact]
    public void GeneratorIsTwo()
    {
        Assert.Equal(2, ModpGroups.Group14.G);
        Assert.Equal(2, ModpGroups.Group16.G);
        Assert.Equal(2, ModpGroups.Group18.G);
    }
}
