using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;

namespace Braid.Unix;

/// <summary>OpenSSH readpass.h flags.</summary>
[Flags]
public enum PromptFlags
{
    None = 0,
    /// <summary>RP_ECHO: show what is typed (yes/no questions).</summary>
    Echo = 0x0001,
    /// <summary>RP_ALLOW_STDIN: read stdin if it is a tty; askpass if stdin is not a tty.</summary>
    AllowStdin = 0x0002,
    /// <summary>RP_ALLOW_EOF: return null (not an empty secret) on EOF or failure.</summary>
    AllowEof = 0x0004,
    /// <summary>RP_USE_ASKPASS: askpass only, never the terminal.</summary>
    UseAskpass = 0x0008,
}

/// <summary>
/// Password / passphrase / confirmation prompts with OpenSSH's readpass.c semantics:
/// <list type="bullet">
/// <item>askpass is allowed if DISPLAY or WAYLAND_DISPLAY is non-empty; SSH_ASKPASS_REQUIRE (case-insensitive)
/// <c>force</c> → always askpass, <c>prefer</c> → askpass whenever allowed, <c>never</c> → never askpass.</item>
/// <item>Otherwise /dev/tty is used (echo off unless <see cref="PromptFlags.Echo"/>); if /dev/tty cannot be opened,
/// askpass is used when allowed, else the prompt fails.</item>
/// <item>The askpass program is $SSH_ASKPASS or <see cref="DefaultAskpass"/>, run with the prompt as argv[1] and
/// (for <see cref="Confirm"/>) SSH_ASKPASS_PROMPT=confirm; it must exit 0; its output is cut at the first CR/LF.</item>
/// </list>
/// </summary>
public static class Prompt
{
    private const int BufSize = 1024; // OpenSSH's buf[1024]: at most 1023 bytes are kept

    /// <summary>_PATH_SSH_ASKPASS_DEFAULT (Debian's value).</summary>
    public static string DefaultAskpass { get; set; } = "/usr/bin/ssh-askpass";

    /// <summary>The controlling terminal path (_PATH_TTY).</summary>
    internal const string TtyPath = "/dev/tty";

    /// <summary>
    /// Reads a secret from the terminal (echo off) or askpass. Returns null when nothing could be asked
    /// (no /dev/tty and no askpass allowed) or on failure — the caller then fails the way OpenSSH does.
    /// Same as <c>ReadPassphrase(prompt, PromptFlags.AllowEof)</c>.
    /// </summary>
    public static SecureBuffer? ReadSecret(string prompt) => ReadPassphrase(prompt, PromptFlags.AllowEof);

    /// <summary>
    /// OpenSSH's <c>read_passphrase(prompt, flags)</c>. Without <see cref="PromptFlags.AllowEof"/> a failure yields an
    /// empty buffer (as OpenSSH returns ""); with it, null.
    /// </summary>
    public static SecureBuffer? ReadPassphrase(string prompt, PromptFlags flags) =>
        ReadPassphrase(prompt, flags, askPermission: false, Environment.GetEnvironmentVariable, TtyPath);

    /// <summary>
    /// OpenSSH's <c>ask_permission</c> (ControlMaster ask/autoask): askpass only, with SSH_ASKPASS_PROMPT=confirm.
    /// True when askpass exits 0 and its first line is empty or "yes" (any case). False when askpass may not run.
    /// </summary>
    public static bool Confirm(string prompt) => Confirm(prompt, Environment.GetEnvironmentVariable);

    internal static bool Confirm(string prompt, Func<string, string?> getenv)
    {
        using var p = ReadPassphrase(prompt, PromptFlags.UseAskpass | PromptFlags.AllowEof, askPermission: true, getenv, TtyPath);
        if (p is null) return false;
        var s = p.Span;
        return s.IsEmpty || s[0] == (byte)'\n' || System.Text.Ascii.EqualsIgnoreCase(s, "yes"u8);
    }

    internal static SecureBuffer? ReadPassphrase(string prompt, PromptFlags flags, bool askPermission,
        Func<string, string?> getenv, string ttyPath)
    {
        bool useAskpass = false, allowAskpass = false;
        if (!string.IsNullOrEmpty(getenv("DISPLAY")) || !string.IsNullOrEmpty(getenv("WAYLAND_DISPLAY")))
            allowAskpass = true;
        string? require = getenv("SSH_ASKPASS_REQUIRE");
        if (require != null)
        {
            if (require.Equals("force", StringComparison.OrdinalIgnoreCase)) { useAskpass = true; allowAskpass = true; }
            else if (require.Equals("prefer", StringComparison.OrdinalIgnoreCase)) useAskpass = allowAskpass;
            else if (require.Equals("never", StringComparison.OrdinalIgnoreCase)) allowAskpass = false;
        }

        bool echo = (flags & PromptFlags.Echo) != 0;
        bool requireTty = false;
        if (useAskpass)
        {
            // requested to askpass
        }
        else if ((flags & PromptFlags.UseAskpass) != 0)
        {
            useAskpass = true;
        }
        else if ((flags & PromptFlags.AllowStdin) != 0)
        {
            if (!Terminal.IsTty(0)) useAskpass = true;
        }
        else
        {
            requireTty = true;
            int tty = Libc.open(ttyPath, Lc.O_RDWR | Lc.O_CLOEXEC | Lc.O_NOCTTY, 0);
            if (tty >= 0)
            {
                // Start the prompt at the beginning of the line, clobbering anything typed too early.
                Posix.WriteAll(tty, "\r"u8);
                Libc.close(tty);
            }
            else
            {
                useAskpass = true;
            }
        }

        bool allowEof = (flags & PromptFlags.AllowEof) != 0;
        if ((flags & PromptFlags.UseAskpass) != 0 && !allowAskpass)
            return allowEof ? null : new SecureBuffer(0);

        if (useAskpass && allowAskpass)
        {
            string askpass = getenv("SSH_ASKPASS") ?? DefaultAskpass;
            var r = RunAskpass(askpass, prompt, askPermission ? "confirm" : null);
            if (r is null && !allowEof) return new SecureBuffer(0);
            return r;
        }

        var res = ReadPassphraseFromTerminal(prompt, echo, requireTty, ttyPath);
        if (res is null && !allowEof) return new SecureBuffer(0);
        return res;
    }

    /// <summary>
    /// readpassphrase(3): /dev/tty (or stdin/stderr when there is none and a tty is not required), echo off unless
    /// asked, prompt written, one line read (CR or LF ends it), a newline printed if echo was off, settings restored.
    /// </summary>
    internal static SecureBuffer? ReadPassphraseFromTerminal(string prompt, bool echo, bool requireTty, string ttyPath)
    {
        int input, output;
        bool opened = false;
        int tty = Libc.open(ttyPath, Lc.O_RDWR | Lc.O_CLOEXEC | Lc.O_NOCTTY, 0);
        if (tty >= 0)
        {
            input = output = tty;
            opened = true;
        }
        else
        {
            if (requireTty) return null;
            input = 0;
            output = 2;
        }
        try
        {
            return ReadLine(input, output, prompt, echo);
        }
        finally
        {
            if (opened) Libc.close(tty);
        }
    }

    /// <summary>The core of readpassphrase on an already-open input/output pair (tests drive it with a pty).</summary>
    internal static unsafe SecureBuffer? ReadLine(int input, int output, string prompt, bool echo)
    {
        Termios? saved = input != 0 ? Terminal.GetAttributes(input) : null;
        bool echoWasOff = saved is not null ? !echo : false; // readpassphrase: prints "\n" when echo is off
        int restoreId = 0;
        if (saved is not null && !echo)
        {
            RawMode.EnsureSignalHandlers();
            restoreId = TerminalRestore.Register(input, saved);
            Terminal.TrySetAttributes(input, Terminal.WithoutEcho(saved), TerminalSetWhen.Flush, out _);
        }
        var result = new SecureBuffer(BufSize - 1);
        bool failed = false;
        try
        {
            var promptBytes = System.Text.Encoding.UTF8.GetBytes(prompt);
            try { Posix.WriteAll(output, promptBytes); } catch (UnixException) { }

            byte ch = 0;
            while (true)
            {
                nint n = Libc.read(input, &ch, 1);
                if (n == 1)
                {
                    if (ch == '\n' || ch == '\r') break;
                    result.Append(ch); // bytes beyond 1023 are read and dropped, as OpenSSH does
                    continue;
                }
                if (n == 0) break; // EOF: whatever was typed so far
                int e = Libc.LastErrno;
                if (e == Errno.EINTR) continue;
                if (e == Errno.EAGAIN)
                {
                    Libc.PollOne(input, Lc.POLLIN, -1);
                    continue;
                }
                failed = true;
                break;
            }
            if (echoWasOff)
            {
                try { Posix.WriteAll(output, "\n"u8); } catch (UnixException) { }
            }
        }
        finally
        {
            if (restoreId != 0)
            {
                Terminal.TrySetAttributes(input, saved!, TerminalSetWhen.Flush, out _);
                TerminalRestore.Unregister(restoreId);
            }
        }
        if (failed)
        {
            result.Dispose();
            return null;
        }
        return result;
    }

    /// <summary>
    /// ssh_askpass(): runs <paramref name="askpass"/> (PATH-searched) with the prompt as argv[1], stdout captured,
    /// stdin/stderr inherited, SSH_ASKPASS_PROMPT=<paramref name="hint"/> when given. Null unless it exits 0.
    /// </summary>
    internal static SecureBuffer? RunAskpass(string askpass, string prompt, string? hint)
    {
        var psi = new ProcessStartInfo(askpass)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardInput = false,
            RedirectStandardError = false,
        };
        psi.ArgumentList.Add(prompt);
        if (hint != null) psi.Environment["SSH_ASKPASS_PROMPT"] = hint;

        Process proc;
        try
        {
            proc = Process.Start(psi) ?? throw new Win32Exception(Errno.ENOENT);
        }
        catch (Win32Exception ex)
        {
            Console.Error.WriteLine($"ssh_askpass: exec({askpass}): {Libc.StrError(ex.NativeErrorCode)}");
            return null;
        }

        byte[] buf = GC.AllocateArray<byte>(BufSize, pinned: true);
        try
        {
            using (proc)
            {
                int len = 0;
                using (var stdout = proc.StandardOutput.BaseStream)
                {
                    while (len < BufSize - 1)
                    {
                        int n;
                        try { n = stdout.Read(buf, len, BufSize - 1 - len); }
                        catch (IOException) { break; }
                        if (n <= 0) break;
                        len += n;
                    }
                }
                proc.WaitForExit();
                if (proc.ExitCode != 0) return null;

                int cut = buf.AsSpan(0, len).IndexOfAny((byte)'\r', (byte)'\n');
                if (cut >= 0) len = cut;
                return SecureBuffer.FromBytes(buf.AsSpan(0, len));
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buf);
        }
    }
}
