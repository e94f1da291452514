namespace Braid.Config.Tests;

public class LineSplitterTests
{
    [Theory]
    [InlineData("a b c", new[] { "a", "b", "c" })]
    [InlineData("\"a b\" c", new[] { "a b", "c" })]
    [InlineData("'a b' c", new[] { "a b", "c" })]
    [InlineData("a\\ b", new[] { "a b" })]
    [InlineData("a # comment", new[] { "a" })]
    [InlineData("a#notcomment", new[] { "a#notcomment" })]
    [InlineData("x\"y z\"w", new[] { "xy zw" })]
    [InlineData("a\\\"b", new[] { "a\"b" })]
    [InlineData("a\\qb", new[] { "a\\qb" })]
    public void SplitArguments(string input, string[] expected) =>
        Assert.Equal(expected, LineSplitter.SplitArguments(input));

    [Fact]
    public void UnterminatedQuoteFails() => Assert.Null(LineSplitter.SplitArguments("\"abc"));

    [Theory]
    [InlineData("Port 22", "Port", "22")]
    [InlineData("Port=22", "Port", "22")]
    [InlineData("Port = 22", "Port", "22")]
    [InlineData("Port  =  22", "Port", "22")]
    [InlineData("Port==22", "Port", "=22")]
    public void KeywordSplit(string line, string keyword, string rest)
    {
        string? r = line;
        Assert.Equal(keyword, LineSplitter.NextDelimited(ref r));
        Assert.Equal(rest, r);
    }
}
