using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Braid.Unix.Tests;

public class TerminalTests
{
    [Fact]
    public void StructSizesMatchLinuxX64()
    {
        Assert.Equal(56, Marshal.SizeOf<MsgHdr>());
        Assert.Equal(16, Marshal.SizeOf<CmsgHdr>());
        Assert.Equal(8, Marshal.SizeOf<WinSize>());
        Assert.Equal(12, Marshal.SizeOf<EpollEvent>());
        Assert.Equal(8, Marshal.SizeOf<PollFd>());
    }

    [Fact]
    public void IsTtyDistinguishesPtyFromPipe()
    {
        using var pty = PseudoTerminal.Open();
        var (r, w) = Posix.Pipe();
        try
        {
            Assert.True(Terminal.IsTty(pty.SlaveFd));
            Assert.True(Terminal.IsTty(pty.MasterFd));
            Assert.False(Terminal.IsTty(r));
            Assert.Null(Terminal.GetWindowSize(r));
            Assert.Null(Terminal.GetAttributes(r));
        }
        finally { Posix.Close(r); Posix.Close(w); }
    }

    [Fact]
    public void WindowSizeSetOnMasterIsReadOnSlave()
    {
        using var pty = PseudoTerminal.Open();
        Terminal.SetWindowSize(pty.MasterFd, new WindowSize(132, 40, 1056, 800));
        Assert.Equal(new WindowSize(132, 40, 1056, 800), Terminal.GetWindowSize(pty.SlaveFd));
    }

    [Fact]
    public void RawModeEntersAndRestoresExactly()
    {
        using var pty = PseudoTerminal.Open();
        var before = Terminal.GetAttributesOrThrow(pty.SlaveFd);
        Assert.True(before.Echo && before.Canonical);
        using (var raw = RawMode.Enter(pty.SlaveFd))
        {
            var now = Terminal.GetAttributesOrThrow(pty.SlaveFd);
            Assert.False(now.Echo);
            Assert.False(now.Canonical);
            Assert.Equal(0u, now.LocalFlags & 0x1u); // ISIG
            Assert.Equal(0u, now.OutputFlags & 0x1u); // OPOST
            Assert.Equal(0u, now.InputFlags & 0x100u); // ICRNL
            Assert.NotEqual(0u, now.InputFlags & 0x4u); // IGNPAR
            Assert.Equal(1, now.ControlChar(6)); // VMIN
            Assert.Equal(0, now.ControlChar(5)); // VTIME
            Assert.Equal(Terminal.MakeRaw(before), now);

            raw.Suspend();
            Assert.Equal(before.ToArray(), Terminal.GetAttributesOrThrow(pty.SlaveFd).ToArray());
            raw.Resume();
            Assert.False(Terminal.GetAttributesOrThrow(pty.SlaveFd).Echo);
            raw.Leave();
            raw.Leave(); // idempotent
        }
        Assert.Equal(before.ToArray(), Terminal.GetAttributesOrThrow(pty.SlaveFd).ToArray());
    }

    [Fact]
    public void RawModeOnNonTtyThrowsEnotty()
    {
        var (r, w) = Posix.Pipe();
        try
        {
            var ex = Assert.Throws<UnixException>(() => RawMode.Enter(r));
            Assert.Equal(Errno.ENOTTY, ex.Errno);
            Assert.Equal("Inappropriate ioctl for device", ex.ErrorText);
            Assert.Null(RawMode.TryEnter(r));
        }
        finally { Posix.Close(r); Posix.Close(w); }
    }

    [Fact]
    public void PtyReqModesEncodeLikeOpenSsh()
    {
        using var pty = PseudoTerminal.Open();
        var t = Terminal.GetAttributesOrThrow(pty.SlaveFd);
        byte[] enc = TerminalModes.EncodeForPtyReq(pty.SlaveFd);
        Assert.Equal(0, enc[^1]);
        Assert.Equal(0, (enc.Length - 1) % 5);
        var ops = new Dictionary<byte, uint>();
        var order = new List<byte>();
        for (int i = 0; i < enc.Length - 1; i += 5)
        {
            ops[enc[i]] = BinaryPrimitives.ReadUInt32BigEndian(enc.AsSpan(i + 1));
            order.Add(enc[i]);
        }
        Assert.Equal(129, order[0]); // ospeed first, as ttymodes.c
        Assert.Equal(128, order[1]);
        Assert.True(ops[129] > 0);
        Assert.Equal(1u, ops[53]); // ECHO
        Assert.Equal(1u, ops[51]); // ICANON
        Assert.Equal(1u, ops[50]); // ISIG
        Assert.Equal((uint)t.ControlChar(0), ops[1]); // VINTR
        Assert.Equal(3u, ops[1]); // ^C by default
        Assert.Equal(255u, ops[7]); // VEOL2 disabled -> 255
        Assert.False(ops.ContainsKey(11)); // no VDSUSP on Linux
        Assert.Equal(order.OrderBy(o => o is 128 or 129 ? -1 : o).Skip(2), order.Skip(2)); // ascending table order

        using (RawMode.Enter(pty.SlaveFd))
        {
            var raw = Parse(TerminalModes.EncodeForPtyReq(pty.SlaveFd));
            Assert.Equal(0u, raw[53]); // ECHO off
            Assert.Equal(0u, raw[51]); // ICANON off
            Assert.Equal(0u, raw[70]); // OPOST off
        }
        // Captured modes still encode the original (cooked) state.
        Assert.Equal(enc, TerminalModes.Encode(t));
    }

    private static Dictionary<byte, uint> Parse(byte[] enc)
    {
        var d = new Dictionary<byte, uint>();
        for (int i = 0; i < enc.Length - 1; i += 5) d[enc[i]] = BinaryPrimitives.ReadUInt32BigEndian(enc.AsSpan(i + 1));
        return d;
    }

    [Fact]
    public void PtyReqModesForNonTtyIsJustEnd()
    {
        var (r, w) = Posix.Pipe();
        try { Assert.Equal(new byte[] { 0 }, TerminalModes.EncodeForPtyReq(r)); }
        finally { Posix.Close(r); Posix.Close(w); }
    }

    [Fact]
    public void ErrorsCarryStrerror()
    {
        var ex = Assert.Throws<UnixException>(() => Posix.Unlink("/nonexistent-braid-dir/x"));
        Assert.Equal(Errno.ENOENT, ex.Errno);
        Assert.Equal("No such file or directory", ex.ErrorText);
        Assert.Equal("unlink: No such file or directory", ex.Message);
    }
}
