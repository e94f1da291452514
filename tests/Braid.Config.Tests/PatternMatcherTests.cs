namespace Braid.Config.Tests;

public class PatternMatcherTests
{
    [Theory]
    [InlineData("host", "host", true)]
    [InlineData("host", "HOST", false)]
    [InlineData("web1.example.com", "*.example.com", true)]
    [InlineData("example.com", "*.example.com", false)]
    [InlineData("node7", "node?", true)]
    [InlineData("node17", "node?", false)]
    [InlineData("anything", "*", true)]
    [InlineData("", "*", true)]
    [InlineData("", "", true)]
    [InlineData("a", "", false)]
    [InlineData("abcabc", "*b*c", true)]
    [InlineData("abcab", "*b*c", false)]
    [InlineData("a.b.c", "a**c", true)]
    public void Match(string s, string pattern, bool expected) =>
        Assert.Equal(expected, PatternMatcher.Match(s, pattern));

    [Theory]
    [InlineData("web", "web,db", 1)]
    [InlineData("db", "web,db", 1)]
    [InlineData("mail", "web,db", 0)]
    [InlineData("web", "*,!web", -1)]
    [InlineData("db", "*,!web", 1)]
    [InlineData("web", "!web", -1)]
    [InlineData("db", "!web", 0)]
    [InlineData("", "a,", 0)]
    [InlineData("", ",a", 1)]
    public void MatchList(string s, string list, int expected) =>
        Assert.Equal(expected, PatternMatcher.MatchList(s, list, false));

    [Fact]
    public void MatchListLowercasesPatternsOnlyWhenAsked()
    {
        Assert.Equal(0, PatternMatcher.MatchList("web", "WEB", false));
        Assert.Equal(1, PatternMatcher.MatchList("web", "WEB", true));
    }

    [Fact]
    public void MatchHostnameIsCaseInsensitive()
    {
        Assert.Equal(1, PatternMatcher.MatchHostname("Web.Example.COM", "*.example.com"));
        Assert.Equal(-1, PatternMatcher.MatchHostname("WEB", "*,!web"));
    }

    [Fact]
    public void Filters()
    {
        string[] proposal = ["aes128-ctr", "aes256-ctr", "aes128-gcm@openssh.com", "chacha20-poly1305@openssh.com"];
        Assert.Equal(["aes128-ctr", "aes256-ctr"], PatternMatcher.FilterAllow(proposal, "aes*-ctr"));
        Assert.Equal(["aes128-gcm@openssh.com", "chacha20-poly1305@openssh.com"], PatternMatcher.FilterDeny(proposal, "aes*-ctr"));
    }

    [Theory]
    [InlineData("10-a.conf", "*.conf", true)]
    [InlineData("a.txt", "*.conf", false)]
    [InlineData("b", "[abc]", true)]
    [InlineData("d", "[a-c]", false)]
    [InlineData("d", "[!a-c]", true)]
    [InlineData("]", "[]]", true)]
    public void GlobFnMatch(string name, string pattern, bool expected) =>
        Assert.Equal(expected, Glob.FnMatch(name, pattern));
}
