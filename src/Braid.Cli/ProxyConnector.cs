using System.Diagnostics;
using Braid.Cli.CommandLine;
using Braid.Config;
using Braid.Ssh;
using Braid.Ssh.Logging;

namespace Braid.Cli;

/// <summary>
/// ProxyCommand and ProxyJump. ProxyJump becomes, as in OpenSSH, a ProxyCommand that runs this same
/// executable with -W to the next hop, so every hop is a full client of its own: its own config,
/// its own known_hosts check.
/// </summary>
internal static class ProxyConnector
{
    public static Func<CancellationToken, Task<Stream>>? For(SshConfig c, ParsedCommandLine cl, SshLog log)
    {
        string? cmd = c.ProxyJumpHost != null ? JumpCommand(c, cl) : c.ProxyCommand;
        if (cmd == null || cmd == "none") return null;
        if (cmd == "-")
            return _ => Task.FromResult<Stream>(new DuplexStream(new Braid.Unix.FdStream(0, ownsFd: false), new BlockingFdStream(1), null));
        string expanded = TokenExpander.PercentExpand(cmd, c.Tokens.DefaultTokens(), out var error)
            ?? throw new SshException($"percent_expand: {error}");
        return _ =>
        {
            log.Debug($"Executing proxy command: exec {expanded}");
            var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("exec " + expanded);
            var p = Process.Start(psi) ?? throw new SshException($"ssh_proxy_connect: fork: could not start {expanded}");
            return Task.FromResult<Stream>(new DuplexStream(p.StandardOutput.BaseStream, p.StandardInput.BaseStream, p));
        };
    }

    /// <summary>ssh.c's ProxyJump → ProxyCommand: "ssh [-l user] [-p port] [-J rest] [-F cfg] [-v…] -W '[%h]:%p' jump".</summary>
    private static string JumpCommand(SshConfig c, ParsedCommandLine cl)
    {
        var parts = new List<string> { Quote(Environment.ProcessPath ?? "braid") };
        if (c.ProxyJumpUser != null) { parts.Add("-l"); parts.Add(Quote(c.ProxyJumpUser)); }
        if (c.ProxyJumpPort is int port) { parts.Add("-p"); parts.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        if (c.ProxyJumpExtra != null) { parts.Add("-J"); parts.Add(Quote(c.ProxyJumpExtra)); }
        if (cl.ConfigFile != null) { parts.Add("-F"); parts.Add(Quote(cl.ConfigFile)); }
        if (cl.Verbosity > 0) parts.Add("-" + new string('v', cl.Verbosity));
        parts.Add("-W");
        parts.Add("'[%h]:%p'");
        parts.Add(Quote(c.ProxyJumpHost!));
        return string.Join(' ', parts);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}

/// <summary>One stream from a read side and a write side (a proxy command's stdout and stdin).</summary>
internal sealed class DuplexStream(Stream read, Stream write, Process? process) : Stream
{
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => write.Flush();
    public override Task FlushAsync(CancellationToken ct) => write.FlushAsync(ct);
    public override int Read(byte[] buffer, int offset, int count) => read.Read(buffer, offset, count);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => read.ReadAsync(buffer, ct);
    public override void Write(byte[] buffer, int offset, int count) { write.Write(buffer, offset, count); write.Flush(); }
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        await write.WriteAsync(buffer, ct).ConfigureAwait(false);
        await write.FlushAsync(ct).ConfigureAwait(false);
    }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private int _disposed;

    protected override void Dispose(bool disposing)
    {
        // Both the transport and the connect path may dispose the stream: only the first does anything.
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try { write.Dispose(); } catch (IOException) { }
            try { read.Dispose(); } catch (IOException) { }
            if (process != null)
            {
                // The proxy command normally ends when its stdin closes; don't leave it behind if it doesn't.
                try
                {
                    if (!process.WaitForExit(1000)) process.Kill();
                }
                catch (InvalidOperationException) { }
                process.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
