using System.Numerics;
using Braid.Ssh;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Tests.Wire;

public class SshWireTests
{
    [Fact]
    public void RoundTripsEveryType()
    {
        using var w = new SshWriter(4);
        w.WriteByte(7).WriteBoolean(true).WriteUInt32(0xdeadbeef).WriteUInt64(1UL << 40)
         .WriteString("héllo").WriteNameList(["a", "b-c"]).WriteMPInt(new BigInteger(-1234567)).WriteMPIntUnsigned([0x00, 0x80, 0x01]);
        var r = new SshReader(w.WrittenSpan);
        Assert.Equal(7, r.ReadByte());
        Assert.True(r.ReadBoolean());
        Assert.Equal(0xdeadbeefu, r.ReadUInt32());
        Assert.Equal(1UL << 40, r.ReadUInt64());
        Assert.Equal("héllo", r.ReadStringUtf8());
        Assert.Equal(["a", "b-c"], r.ReadNameList());
        Assert.Equal(new BigInteger(-1234567), r.ReadMPInt());
        Assert.Equal(new byte[] { 0x80, 0x01 }, r.ReadMPIntUnsigned().ToArray());
        r.EnsureEnd("test");
    }

    // RFC 4251 §5 examples for mpint.
    [Theory]
    [InlineData("0", "00000000")]
    [InlineData("9a378f9b2e332a7", "0000000809a378f9b2e332a7")]
    [InlineData("80", "000000020080")]
    [InlineData("-1234", "00000002edcc")]
    [InlineData("-deadbeef", "00000005ff21524111")]
    public void MpintMatchesRfc4251(string hex, string expected)
    {
        bool neg = hex.StartsWith('-');
        var v = BigInteger.Parse("0" + hex.TrimStart('-'), System.Globalization.NumberStyles.HexNumber);
        if (neg) v = -v;
        using var w = new SshWriter();
        w.WriteMPInt(v);
        Assert.Equal(expected, Convert.ToHexString(w.WrittenSpan).ToLowerInvariant());
    }

    [Fact]
    public void UnsignedMpintStripsZerosAndPadsHighBit()
    {
        using var w = new SshWriter();
        w.WriteMPIntUnsigned([0, 0, 0x80]).WriteMPIntUnsigned([0, 0]).WriteMPIntUnsigned([0x7f]);
        Assert.Equal("000000020080" + "00000000" + "000000017f", Convert.ToHexString(w.WrittenSpan).ToLowerInvariant());
    }

    [Fact]
    public void TruncatedInputThrowsProtocolError()
    {
        Assert.Throws<SshProtocolException>(() => new SshReader([0, 0, 0]).ReadUInt32());
        Assert.Throws<SshProtocolException>(() => new SshReader([0, 0, 0, 9, 1, 2]).ReadString().ToArray());
        Assert.Throws<SshProtocolException>(() => new SshReader([0xff, 0xff, 0xff, 0xff]).ReadString().ToArray());
        Assert.Throws<SshProtocolException>(() => new SshReader([0, 0, 0, 1, 0x01]).ReadNameList());
        Assert.Throws<SshProtocolException>(() => new SshReader([0, 0, 0, 2, 0xc3, 0x28]).ReadStringUtf8());
    }

    [Fact]
    public void WriterGrowsPastInitialCapacity()
    {
        using var w = new SshWriter(16);
        var big = new byte[100_000];
        big[^1] = 42;
        w.WriteString(big);
        var r = new SshReader(w.WrittenSpan);
        Assert.Equal(42, r.ReadString()[^1]);
    }
}
