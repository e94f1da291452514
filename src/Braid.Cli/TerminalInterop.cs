using Braid.Unix;

namespace Braid.Cli;

/// <summary>The client's terminal through Braid.Unix (never System.Console's input APIs, which alter termios).</summary>
internal static class TerminalInterop
{
    public static bool IsTty(int fd) => Terminal.IsTty(fd);

    public static (uint Cols, uint Rows, uint XPixels, uint YPixels)? WindowSize(int fd)
        => Terminal.GetWindowSize(fd) is { } w ? ((uint)w.Columns, (uint)w.Rows, (uint)w.XPixels, (uint)w.YPixels) : null;

    public static byte[] EncodedModes(int fd) => TerminalModes.EncodeForPtyReq(fd);

    public static IDisposable? EnterRaw(int fd) => RawMode.TryEnter(fd);
}
