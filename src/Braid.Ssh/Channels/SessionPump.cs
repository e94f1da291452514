using System.Buffers;

namespace Braid.Ssh.Channels;

/// <summary>Turns what the user types into what is sent, and may ask for actions (the escape filter).</summary>
public interface IInputFilter
{
    /// <summary>Returns the bytes to send for this input (may be empty). May set <see cref="Disconnect"/>.</summary>
    ReadOnlyMemory<byte> Filter(ReadOnlyMemory<byte> input);
    bool Disconnect { get; }
}

/// <summary>Where a session's bytes come from and go to.</summary>
public sealed class SessionIo
{
    /// <summary>Reads local input; 0 = EOF. Null = no input (-n, or stdin is /dev/null): EOF is sent at once.</summary>
    public Func<Memory<byte>, CancellationToken, ValueTask<int>>? ReadInput { get; init; }
    public required Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> WriteOutput { get; init; }
    public required Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> WriteError { get; init; }
    public IInputFilter? Filter { get; init; }
    /// <summary>Called when the session's output is finished, so the caller can close its side (mux: restore fds).</summary>
    public Action? OnOutputDone { get; init; }
}

/// <summary>
/// Moves bytes between a session channel and local input/output until the channel closes, with flow
/// control both ways: local output is written before more is read from the channel, so a slow
/// reader throttles the server instead of growing memory.
/// </summary>
public static class SessionPump
{
    private const int BufferSize = 32 * 1024;

    /// <summary>Runs until the channel closes; returns true if the user asked to disconnect (~.).</summary>
    public static async Task<bool> RunAsync(SshChannel channel, SessionIo io, CancellationToken ct)
    {
        using var inputCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var disconnect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var input = PumpInputAsync(channel, io, disconnect, inputCts.Token);
        var stdout = PumpOutputAsync(channel, extended: false, io.WriteOutput, ct);
        var stderr = PumpOutputAsync(channel, extended: true, io.WriteError, ct);
        var outputs = Task.WhenAll(stdout, stderr);
        var first = await Task.WhenAny(outputs, disconnect.Task).ConfigureAwait(false);
        if (first == disconnect.Task)
        {
            await channel.SendCloseAsync().ConfigureAwait(false);
            inputCts.Cancel();
            try { await outputs.WaitAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false); } catch (Exception) { }
            io.OnOutputDone?.Invoke();
            return true;
        }
        try { await outputs.ConfigureAwait(false); } catch (IOException) { }
        io.OnOutputDone?.Invoke();
        // The server sent EOF on both streams; the channel closes after exit-status.
        try { await channel.Closed.WaitAsync(ct).ConfigureAwait(false); } catch (OperationCanceledException) { }
        inputCts.Cancel();
        try { await input.ConfigureAwait(false); } catch (Exception) { }
        return false;
    }

    private static async Task PumpInputAsync(SshChannel channel, SessionIo io, TaskCompletionSource disconnect, CancellationToken ct)
    {
        if (io.ReadInput == null)
        {
            await channel.SendEofAsync().ConfigureAwait(false);
            return;
        }
        var buf = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int n = await io.ReadInput(buf.AsMemory(0, BufferSize), ct).ConfigureAwait(false);
                if (n <= 0) break;
                ReadOnlyMemory<byte> data = buf.AsMemory(0, n);
                if (io.Filter != null)
                {
                    data = io.Filter.Filter(data);
                    if (!data.IsEmpty) await channel.WriteAsync(data, ct).ConfigureAwait(false);
                    if (io.Filter.Disconnect) { disconnect.TrySetResult(); return; }
                    continue;
                }
                await channel.WriteAsync(data, ct).ConfigureAwait(false);
            }
            await channel.SendEofAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
        finally
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
    }

    // The buffer is rented only once data is there: an open session that prints nothing (a master
    // can hold hundreds) holds no buffer for its stdout and stderr.
    private static async Task PumpOutputAsync(SshChannel channel, bool extended,
        Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> write, CancellationToken ct)
    {
        bool broken = false;
        while (true)
        {
            await channel.WaitReadableAsync(extended, ct).ConfigureAwait(false);
            var buf = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                int n = extended
                    ? await channel.ReadExtendedAsync(buf.AsMemory(0, BufferSize), ct).ConfigureAwait(false)
                    : await channel.ReadAsync(buf.AsMemory(0, BufferSize), ct).ConfigureAwait(false);
                if (n == 0) break;
                if (broken) continue; // keep draining so the window stays open and the remote can finish
                try { await write(buf.AsMemory(0, n), ct).ConfigureAwait(false); }
                catch (IOException) { broken = true; }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buf);
            }
        }
    }
}
