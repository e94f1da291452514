namespace Braid.Ssh.Transport;

/// <summary>
/// What the connection layer needs from below: send and receive connection-protocol payloads. The SSH
/// transport is one; a connection-sharing master's proxy stream (unencrypted packets over the control
/// socket) is another, so the same session code runs over both.
/// </summary>
public interface IPacketTransport : IAsyncDisposable
{
    /// <summary>For messages: the server's host name.</summary>
    string PeerHost { get; }
    ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default, Action? onQueued = null);
    /// <summary>The next message; the memory is valid until the next call. One reader loop only.</summary>
    ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken ct = default);
    Task DisconnectAsync(uint reason, string description);
    /// <summary>~R: start a key re-exchange where there is one.</summary>
    Task StartRekeyAsync();
}
