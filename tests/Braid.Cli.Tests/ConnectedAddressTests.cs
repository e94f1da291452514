using System.Net;

namespace Braid.Cli.Tests;

/// <summary>The peer address the host key check gets (CheckHostIP, NoHostAuthenticationForLocalhost).</summary>
public class ConnectedAddressTests
{
    [Theory]
    [InlineData("[127.0.0.1]:22", "127.0.0.1", true)]
    [InlineData("[127.5.6.7]:2222", "127.5.6.7", true)]
    [InlineData("[::1]:22", "::1", true)]
    [InlineData("[::ffff:127.0.0.1]:22", "127.0.0.1", true)]
    [InlineData("[192.0.2.10]:22", "192.0.2.10", false)]
    [InlineData("[2001:db8::5]:22", "2001:db8::5", false)]
    public void ParsesTheRecordedEndpoint(string endpoint, string address, bool loopback)
    {
        var ip = ClientFactory.ConnectedAddress(endpoint);
        Assert.NotNull(ip);
        Assert.Equal(address, ip.ToString());
        Assert.Equal(loopback, IPAddress.IsLoopback(ip));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("127.0.0.1:22")]
    [InlineData("[not-an-ip]:22")]
    [InlineData("[127.0.0.1")]
    public void AnythingElseIsNoAddress(string? endpoint) => Assert.Null(ClientFactory.ConnectedAddress(endpoint));
}
