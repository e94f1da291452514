using Braid.Ssh;
using Braid.Ssh.Channels;
using Braid.Unix;

namespace Braid.Cli;

/// <summary>The local side of a session: fds 0/1/2 and, when they are terminals, their modes and size.</summary>
internal sealed class LocalTerminal : IDisposable
{
    // Created on first read: -n sessions never touch fd 0 (its flags are shared with the parent shell).
    private AsyncFd? _stdin;
    private readonly Stream _stdout = Console.OpenStandardOutput();
    private readonly Stream _stderr = Console.OpenStandardError();

    public bool IsTty(int fd) => TerminalInterop.IsTty(fd);

    public (uint Cols, uint Rows, uint XPixels, uint YPixels)? WindowSize(int fd) => TerminalInterop.WindowSize(fd);

    public byte[] EncodedModes(int fd) => TerminalInterop.EncodedModes(fd);

    public IDisposable? EnterRaw(int fd) => TerminalInterop.EnterRaw(fd);

    public IInputFilter? CreateEscapeFilter(char escapeChar, SshChannel channel, SshConnection connection, bool multiplexed)
        => EscapeHandling.Create(escapeChar, channel, connection, multiplexed, this);

    public ValueTask<int> ReadStdin(Memory<byte> buffer, CancellationToken ct)
    {
        _stdin ??= new AsyncFd(0, ownsFd: false);
        return _stdin.ReadAsync(buffer, ct);
    }

    /// <summary>Restores fd 0's original flags.</summary>
    public void Dispose() => _stdin?.Dispose();

    public async ValueTask WriteStdout(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await _stdout.WriteAsync(data, ct).ConfigureAwait(false);
        await _stdout.FlushAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask WriteStderr(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await _stderr.WriteAsync(data, ct).ConfigureAwait(false);
        await _stderr.FlushAsync(ct).ConfigureAwait(false);
    }
}
