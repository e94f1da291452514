using System.Diagnostics;

namespace Braid.Integration.Tests.Fixtures;

/// <summary>A private tmux server (own socket) running a shell, to drive interactive programs like a person.</summary>
public sealed class TmuxSession : IDisposable
{
    private readonly string _socket;
    public string Name { get; } = "t";

    public TmuxSession(string dir, int cols = 100, int rows = 30)
    {
        _socket = Path.Combine(dir, "tmux-" + Guid.NewGuid().ToString("N")[..6]);
        Tmux("-f", "/dev/null", "new-session", "-d", "-s", Name, "-x", cols.ToString(), "-y", rows.ToString(), "env PS1='$ ' sh");
    }

    public string Tmux(params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-S");
        psi.ArgumentList.Add(_socket);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("TMUX");
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return o;
    }

    public void Type(string text) => Tmux("send-keys", "-t", Name, "-l", text);
    public void Keys(params string[] keys) => Tmux(new[] { "send-keys", "-t", Name }.Concat(keys).ToArray());
    public string Screen() => Tmux("capture-pane", "-p", "-t", Name, "-S", "-200");

    /// <summary>Waits until the screen holds the text (up to a generous deadline; this is not a timing assertion).</summary>
    public string WaitFor(string text, int occurrences = 1, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        string s = "";
        while (DateTime.UtcNow < deadline)
        {
            s = Screen();
            if (Count(s, text) >= occurrences) return s;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"'{text}' did not appear on the screen:\n{s}");
    }

    /// <summary>Types a command until its output appears: for effects that travel asynchronously (a
    /// window change reaches the server some time after the terminal is resized).</summary>
    public string TypeUntil(string command, string expected, int attempts = 15)
    {
        for (int i = 1; ; i++)
        {
            Type(command);
            try { return WaitFor(expected, 1, seconds: 2); }
            catch (TimeoutException) when (i < attempts) { }
        }
    }

    public static int Count(string s, string t)
    {
        int n = 0, i = 0;
        while ((i = s.IndexOf(t, i, StringComparison.Ordinal)) >= 0) { n++; i += t.Length; }
        return n;
    }

    public void Dispose()
    {
        Tmux("kill-server");
        try { File.Delete(_socket); } catch (IOException) { }
    }
}
