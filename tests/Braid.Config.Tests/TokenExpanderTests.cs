namespace Braid.Config.Tests;

public class TokenExpanderTests
{
    private static readonly Dictionary<char, string> Tokens = new() { ['h'] = "host", ['p'] = "22", ['r'] = "bob" };

    [Theory]
    [InlineData("%r@%h:%p", "bob@host:22")]
    [InlineData("100%%", "100%")]
    [InlineData("no tokens", "no tokens")]
    [InlineData("%%h", "%h")]
    public void PercentExpand(string input, string expected) =>
        Assert.Equal(expected, TokenExpander.PercentExpand(input, Tokens, out _));

    [Fact]
    public void UnknownTokenIsAnError()
    {
        Assert.Null(TokenExpander.PercentExpand("%j", Tokens, out var err));
        Assert.Equal("unknown key %j", err);
    }

    [Fact]
    public void TrailingPercentIsAnError()
    {
        Assert.Null(TokenExpander.PercentExpand("abc%", Tokens, out var err));
        Assert.Equal("invalid format", err);
    }

    [Fact]
    public void DollarExpand()
    {
        string? Env(string n) => n == "X" ? "ex" : null;
        Assert.Equal("a-ex-b", TokenExpander.DollarExpand("a-${X}-b", Env, out _));
        Assert.Equal("$X %h", TokenExpander.DollarExpand("$X %h", Env, out _)); // only ${...}, and no % tokens
        Assert.Null(TokenExpander.DollarExpand("${NOPE}", Env, out var err));
        Assert.Equal("env var ${NOPE} has no value", err);
        Assert.Null(TokenExpander.DollarExpand("${X", Env, out err));
        Assert.Equal("environment variable 'X' missing closing '}'", err);
        Assert.Null(TokenExpander.DollarExpand("${}", Env, out err));
        Assert.Equal("zero-length environment variable", err);
    }

    [Fact]
    public void PercentDollarExpandDoesBoth()
    {
        Assert.Equal("/run/bob/host", TokenExpander.PercentDollarExpand("${D}/%r/%h", Tokens, n => n == "D" ? "/run" : null, out _));
    }

    [Theory]
    [InlineData("~/.ssh/id", "/home/me/.ssh/id")]
    [InlineData("~", "/home/me/")]
    [InlineData("~foo", "/home/me/foo")] // OpenSSH: no slash means no user lookup
    [InlineData("/abs/~/x", "/abs/~/x")]
    [InlineData("~root/x", "/root/x")]
    public void TildeExpand(string input, string expected) =>
        Assert.Equal(expected, TokenExpander.TildeExpand(input, "/home/me", out _));

    [Fact]
    public void TildeUnknownUser()
    {
        Assert.Null(TokenExpander.TildeExpand("~no-such-user-braid/x", "/home/me", out var err));
        Assert.Equal("tilde_expand_filename: No such user no-such-user-braid", err);
    }

    [Fact]
    public void ConnectionHashIsSha1OfLocalHostPortUser()
    {
        // Checked against OpenSSH 9.2: printf '%s' vmfoobar.example.com22u%l | sha1sum
        Assert.Equal("efa69b2330c84cda0be20ec48e1736e93f4db0ef",
            TokenContext.ComputeConnectionHash("vm", "foobar.example.com", "22", "u%l"));
    }
}
