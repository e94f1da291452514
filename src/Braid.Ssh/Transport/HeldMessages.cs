using System.Buffers;

namespace Braid.Ssh.Transport;

/// <summary>
/// Upper-layer messages submitted while our KEXINIT is out and our NEWKEYS is not: the protocol
/// forbids sending them then, and waiting instead would deadlock the connection's reader loop (it
/// replies to CHANNEL_CLOSE and requests, and it alone can finish the key exchange). They are sent,
/// in order, right after NEWKEYS — as OpenSSH queues packets while rekeying. Memory stays bounded:
/// bulk senders past <see cref="MaxBytes"/> wait for the exchange to finish, as OpenSSH stops reading
/// channels while rekeying, so RekeyLimit is not overshot by much.
/// </summary>
internal sealed class HeldMessages
{
    public const int MaxBytes = 256 << 10;
    /// <summary>Messages this small are always held (control replies), so the reader loop never waits.</summary>
    public const int AlwaysHeldSize = 1024;

    private readonly List<(byte[] Buffer, int Length)> _messages = new();
    private int _bytes;

    public int Count => _messages.Count;

    public bool TryHold(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > AlwaysHeldSize && _bytes + payload.Length > MaxBytes) return false;
        var copy = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(copy);
        _messages.Add((copy, payload.Length));
        _bytes += payload.Length;
        return true;
    }

    /// <summary>Appends every held message to the writer (under the new keys) and forgets them.</summary>
    public void AppendTo(PacketWriter writer)
    {
        foreach (var (buffer, length) in _messages) writer.Append(buffer.AsSpan(0, length));
        Clear();
    }

    public void Clear()
    {
        foreach (var (buffer, _) in _messages) ArrayPool<byte>.Shared.Return(buffer);
        _messages.Clear();
        _bytes = 0;
    }
}
