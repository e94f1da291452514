using Braid.Ssh.Wire;

namespace Braid.Ssh.Channels;

/// <summary>The session-channel requests of RFC 4254 §6 and OpenSSH's extensions.</summary>
public static class SessionRequests
{
    public static Task<bool> PtyAsync(this SshChannel ch, string term, uint cols, uint rows, uint widthPx, uint heightPx,
        ReadOnlyMemory<byte> encodedModes, CancellationToken ct = default)
    {
        using var w = new SshWriter(64 + encodedModes.Length);
        w.WriteString(term).WriteUInt32(cols).WriteUInt32(rows).WriteUInt32(widthPx).WriteUInt32(heightPx).WriteString(encodedModes.Span);
        return ch.RequestAsync("pty-req", true, w.ToArray(), ct);
    }

    /// <summary>OpenSSH sends env without asking for a reply; the server may silently drop a variable.</summary>
    public static Task<bool> EnvAsync(this SshChannel ch, string name, string value, CancellationToken ct = default)
    {
        using var w = new SshWriter(64);
        w.WriteString(name).WriteString(value);
        return ch.RequestAsync("env", false, w.ToArray(), ct);
    }

    public static Task<bool> ExecAsync(this SshChannel ch, string command, bool wantReply = true, CancellationToken ct = default)
    {
        using var w = new SshWriter(64 + command.Length * 3);
        w.WriteString(command);
        return ch.RequestAsync("exec", wantReply, w.ToArray(), ct);
    }

    public static Task<bool> ShellAsync(this SshChannel ch, bool wantReply = true, CancellationToken ct = default)
        => ch.RequestAsync("shell", wantReply, default, ct);

    public static Task<bool> SubsystemAsync(this SshChannel ch, string name, bool wantReply = true, CancellationToken ct = default)
    {
        using var w = new SshWriter(64);
        w.WriteString(name);
        return ch.RequestAsync("subsystem", wantReply, w.ToArray(), ct);
    }

    public static Task<bool> WindowChangeAsync(this SshChannel ch, uint cols, uint rows, uint widthPx, uint heightPx, CancellationToken ct = default)
    {
        using var w = new SshWriter(16);
        w.WriteUInt32(cols).WriteUInt32(rows).WriteUInt32(widthPx).WriteUInt32(heightPx);
        return ch.RequestAsync("window-change", false, w.ToArray(), ct);
    }

    public static Task<bool> SignalAsync(this SshChannel ch, string signalName, CancellationToken ct = default)
    {
        using var w = new SshWriter(16);
        w.WriteString(signalName);
        return ch.RequestAsync("signal", false, w.ToArray(), ct);
    }

    public static Task<bool> BreakAsync(this SshChannel ch, uint milliseconds = 1000, CancellationToken ct = default)
    {
        using var w = new SshWriter(8);
        w.WriteUInt32(milliseconds);
        return ch.RequestAsync("break", false, w.ToArray(), ct);
    }

    public static Task<bool> AgentForwardingAsync(this SshChannel ch, CancellationToken ct = default)
        => ch.RequestAsync("auth-agent-req@openssh.com", false, default, ct);
}
