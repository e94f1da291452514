using Braid.Mux.Protocol;
using Braid.Ssh.Wire;

namespace Braid.Mux.Tests;

public class MuxCodecTests
{
    /// <summary>The bytes OpenSSH 9.2 sends for `ssh -S ctl host true` (reference §3.1), without the length.</summary>
    [Fact]
    public void NewSessionMatchesOpenSshBytes()
    {
        var req = new NewSessionRequest(1, false, false, false, false, 0x7e, "xterm", "true", []);
        Assert.Equal("10000002" + "00000001" + "00000000" + "00000000" + "00000000" + "00000000" + "00000000" + "0000007e"
                     + "00000005" + "787465726d" + "00000004" + "74727565",
            Convert.ToHexString(req.Encode()).ToLowerInvariant());
        Assert.Equal(0x31, req.Encode().Length);
    }

    [Fact]
    public void NewSessionRoundTripsWithEnvironment()
    {
        var req = new NewSessionRequest(9, true, false, true, false, MuxMessageType.NoEscapeChar, "vt100", "ls", ["A=1", "B=two"]);
        var r = new SshReader(req.Encode());
        Assert.Equal(MuxMessageType.NewSession, r.ReadUInt32());
        Assert.Equal(req with { Environment = req.Environment }, NewSessionRequest.Decode(ref r) with { Environment = req.Environment });
    }

    [Fact]
    public void StdioForwardPortIsUint32()
    {
        var req = new NewStdioForwardRequest(3, "db", 5432);
        Assert.Equal("10000008" + "00000003" + "00000000" + "00000002" + "6462" + "00001538",
            Convert.ToHexString(req.Encode()).ToLowerInvariant());
    }

    [Theory]
    [InlineData(9u, 0u, "h", 80u, "Invalid forwarding request")]        // OpenSSH's master dies on this one
    [InlineData(1u, 70000u, "h", 80u, "Invalid forwarding request")]
    [InlineData(1u, 8080u, "", 80u, "Invalid forwarding request")]
    [InlineData(1u, 8080u, "h", 0u, "Invalid forwarding request")]
    [InlineData(3u, MuxMessageType.PortStreamLocal, "", 0u, "Invalid forwarding request")]
    [InlineData(1u, 8080u, "h", 80u, null)]
    [InlineData(3u, 1080u, "", 0u, null)]
    [InlineData(2u, 0u, "h", 22u, null)]
    public void ForwardValidation(uint type, uint listenPort, string connectHost, uint connectPort, string? expected)
    {
        var req = new ForwardRequest(MuxMessageType.OpenForward, 1, type, "", listenPort, connectHost, connectPort);
        Assert.Equal(expected, req.Validate());
    }

    [Fact]
    public void HelloCarriesExtensions()
    {
        var h = new HelloMessage(4, [("info", "0")]);
        var r = new SshReader(h.Encode());
        Assert.Equal(MuxMessageType.Hello, r.ReadUInt32());
        var d = HelloMessage.Decode(ref r);
        Assert.Equal(4u, d.Version);
        Assert.Equal([("info", "0")], d.Extensions);
    }

    [Fact]
    public void RepliesHaveOpenSshLayouts()
    {
        Assert.Equal("80000005000000070000002a", Convert.ToHexString(MuxReplies.Alive(7, 42)).ToLowerInvariant());
        Assert.Equal("800000040000000300000005", Convert.ToHexString(MuxReplies.ExitMessage(3, 5)).ToLowerInvariant());
        Assert.Equal("8000000300000001" + "00000002" + "6e6f", Convert.ToHexString(MuxReplies.Failure(1, "no")).ToLowerInvariant());
    }
}
