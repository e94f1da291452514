using System.Buffers.Binary;

namespace Braid.Unix;

/// <summary>
/// RFC 4254 §8 "encoded terminal modes" for a pty-req, built the way OpenSSH's ttymodes.c <c>tty_make_modes</c>
/// builds them on Linux: TTY_OP_OSPEED (129) and TTY_OP_ISPEED (128) with uint32 baud rates, then every
/// special character (opcode, uint32 value, _POSIX_VDISABLE sent as 255) and every flag (opcode, uint32 0/1)
/// in ttymodes.h order, then TTY_OP_END (0). If tcgetattr fails only TTY_OP_END is produced (as OpenSSH does).
/// The result is the content of the pty-req "encoded terminal modes" string (the caller adds the length prefix).
/// </summary>
public static class TerminalModes
{
    public const byte TTY_OP_END = 0;
    public const byte TTY_OP_ISPEED = 128;
    public const byte TTY_OP_OSPEED = 129;

    // (c_cc index, opcode) — characters Linux has, in ttymodes.h order (no VDSUSP, VFLUSH, VSWTCH, VSTATUS on Linux).
    private static readonly (int Index, byte Op)[] s_chars =
    [
        (Lc.VINTR, 1), (Lc.VQUIT, 2), (Lc.VERASE, 3), (Lc.VKILL, 4), (Lc.VEOF, 5), (Lc.VEOL, 6), (Lc.VEOL2, 7),
        (Lc.VSTART, 8), (Lc.VSTOP, 9), (Lc.VSUSP, 10), (Lc.VREPRINT, 12), (Lc.VWERASE, 13), (Lc.VLNEXT, 14),
        (Lc.VDISCARD, 18),
    ];

    private enum Field { I = Lc.OffIflag, O = Lc.OffOflag, C = Lc.OffCflag, L = Lc.OffLflag }

    // (flag, field, opcode) in ttymodes.h order.
    private static readonly (uint Flag, Field Field, byte Op)[] s_modes =
    [
        (Lc.IGNPAR, Field.I, 30), (Lc.PARMRK, Field.I, 31), (Lc.INPCK, Field.I, 32), (Lc.ISTRIP, Field.I, 33),
        (Lc.INLCR, Field.I, 34), (Lc.IGNCR, Field.I, 35), (Lc.ICRNL, Field.I, 36), (Lc.IUCLC, Field.I, 37),
        (Lc.IXON, Field.I, 38), (Lc.IXANY, Field.I, 39), (Lc.IXOFF, Field.I, 40), (Lc.IMAXBEL, Field.I, 41),
        (Lc.IUTF8, Field.I, 42),
        (Lc.ISIG, Field.L, 50), (Lc.ICANON, Field.L, 51), (Lc.XCASE, Field.L, 52), (Lc.ECHO, Field.L, 53),
        (Lc.ECHOE, Field.L, 54), (Lc.ECHOK, Field.L, 55), (Lc.ECHONL, Field.L, 56), (Lc.NOFLSH, Field.L, 57),
        (Lc.TOSTOP, Field.L, 58), (Lc.IEXTEN, Field.L, 59), (Lc.ECHOCTL, Field.L, 60), (Lc.ECHOKE, Field.L, 61),
        (Lc.PENDIN, Field.L, 62),
        (Lc.OPOST, Field.O, 70), (Lc.OLCUC, Field.O, 71), (Lc.ONLCR, Field.O, 72), (Lc.OCRNL, Field.O, 73),
        (Lc.ONOCR, Field.O, 74), (Lc.ONLRET, Field.O, 75),
        // OpenSSH tests (c_cflag & CS7) != 0, so a CS8 terminal reports CS7 = 1 as well; reproduced on purpose.
        (Lc.CS7, Field.C, 90), (Lc.CS8, Field.C, 91), (Lc.PARENB, Field.C, 92), (Lc.PARODD, Field.C, 93),
    ];

    /// <summary>tcgetattr(fd) and encode; just [TTY_OP_END] if fd is not a terminal.</summary>
    public static byte[] EncodeForPtyReq(int fd)
    {
        var t = Terminal.GetAttributes(fd);
        return t is null ? [TTY_OP_END] : Encode(t);
    }

    /// <summary>Encode a previously captured termios (the master captures the passenger's modes on fd arrival).</summary>
    public static unsafe byte[] Encode(Termios termios)
    {
        var outp = new List<byte>(5 * (2 + s_chars.Length + s_modes.Length) + 1);
        void Put(byte op, uint value)
        {
            outp.Add(op);
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
            foreach (var x in b) outp.Add(x);
        }

        uint ospeed, ispeed;
        fixed (byte* p = termios.Raw)
        {
            ospeed = Libc.cfgetospeed(p);
            ispeed = Libc.cfgetispeed(p);
        }
        Put(TTY_OP_OSPEED, (uint)SpeedToBaud(ospeed));
        Put(TTY_OP_ISPEED, (uint)SpeedToBaud(ispeed));

        var raw = termios.Raw;
        foreach (var (index, op) in s_chars)
        {
            byte c = raw[Lc.OffCc + index];
            Put(op, c == Lc.POSIX_VDISABLE ? 255u : c);
        }
        foreach (var (flag, field, op) in s_modes)
        {
            uint v = BinaryPrimitives.ReadUInt32LittleEndian(raw[(int)field..]);
            Put(op, (v & flag) != 0 ? 1u : 0u);
        }
        outp.Add(TTY_OP_END);
        return outp.ToArray();
    }

    /// <summary>speed_t → baud, as ttymodes.c speed_to_baud (unknown → 9600).</summary>
    internal static int SpeedToBaud(uint speed)
    {
        foreach (var (code, baud) in Lc.Speeds)
            if (code == speed) return baud;
        // glibc >= 2.42 may hand back the plain baud number; accept the values OpenSSH knows.
        foreach (var (_, baud) in Lc.Speeds)
            if ((uint)baud == speed) return baud;
        return 9600;
    }
}
