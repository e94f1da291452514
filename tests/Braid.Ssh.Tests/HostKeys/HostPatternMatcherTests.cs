using Braid.Ssh.HostKeys;
using static Braid.Ssh.HostKeys.HostPatternMatcher;

namespace Braid.Ssh.Tests.HostKeys;

public class HostPatternMatcherTests
{
    [Theory]
    [InlineData("host.example.com", "host.example.com", true)]
    [InlineData("host.example.com", "*.example.com", true)]
    [InlineData("example.com", "*.example.com", false)]
    [InlineData("host1", "host?", true)]
    [InlineData("host12", "host?", false)]
    [InlineData("anything", "*", true)]
    [InlineData("", "*", true)]
    [InlineData("abc", "a*b*c", true)]
    [InlineData("aXbYc", "a*b*c", true)]
    [InlineData("acb", "a*b*c", false)]
    [InlineData("[host]:2222", "[host]:2222", true)]
    [InlineData("[host]:2222", "[host]:*", true)]
    [InlineData("[host]:2222", "host", false)]
    public void Glob(string s, string pattern, bool expected) => Assert.Equal(expected, MatchPattern(s, pattern));

    [Fact]
    public void HostnameMatchIsCaseInsensitive()
    {
        Assert.Equal(ListMatch.Match, MatchHostname("Host.Example.COM", "host.example.com"));
        Assert.Equal(ListMatch.Match, MatchHostname("host.example.com", "HOST.*"));
    }

    [Fact]
    public void ListWithSeveralNames()
    {
        Assert.Equal(ListMatch.Match, MatchHostname("10.0.0.1", "foo,10.0.0.1,bar"));
        Assert.Equal(ListMatch.NoMatch, MatchHostname("baz", "foo,10.0.0.1,bar"));
    }

    [Fact]
    public void NegationWinsOverAnyPositiveMatch()
    {
        Assert.Equal(ListMatch.NegatedMatch, MatchHostname("bad.example.com", "*.example.com,!bad.example.com"));
        Assert.Equal(ListMatch.NegatedMatch, MatchHostname("bad.example.com", "!bad.example.com,*.example.com"));
        Assert.Equal(ListMatch.Match, MatchHostname("good.example.com", "*.example.com,!bad.example.com"));
        // A negation alone never makes a positive match.
        Assert.Equal(ListMatch.NoMatch, MatchHostname("other", "!bad"));
    }

    [Fact]
    public void HostPortSpelling()
    {
        Assert.Equal("host", KnownHostsNames.HostPort("host", 22));
        Assert.Equal("host", KnownHostsNames.HostPort("host", 0));
        Assert.Equal("[127.0.0.1]:2222", KnownHostsNames.HostPort("127.0.0.1", 2222));
        Assert.Equal("[fd00::2]:2222", KnownHostsNames.HostPort("fd00::2", 2222));
    }
}
