namespace Braid.Ssh.HostKeys;

/// <summary>The terminal side of host key verification. Messages never end with a newline; the
/// implementation adds it (ssh writes "\r\n" when the terminal is in raw mode) and filters by LogLevel.</summary>
public interface IHostKeyPrompter
{
    /// <summary>False when no question may be asked (BatchMode=yes): every question is then answered "no"
    /// without being shown, as OpenSSH's confirm() does.</summary>
    bool CanPrompt { get; }

    /// <summary>Shows <paramref name="prompt"/> (several lines; the last one is the question, ending
    /// in "? " or ": ") on the terminal (/dev/tty, or SSH_ASKPASS) and reads one line with echo, returned
    /// without its line terminator. Null on EOF or when there is no terminal and no askpass.</summary>
    string? ReadLine(string prompt);

    /// <summary>logit(): informational, shown at LogLevel INFO and above ("Warning: Permanently added …").</summary>
    void Info(string message);

    /// <summary>error(): shown at LogLevel ERROR and above (the warning banners).</summary>
    void Error(string message);

    /// <summary>debug(): shown at LogLevel DEBUG1 and above.</summary>
    void Debug(string message) { }

    /// <summary>fatal(): the last words before ssh exits 255 ("Host key verification failed.").</summary>
    void Fatal(string message);
}
