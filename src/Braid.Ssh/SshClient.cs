using Braid.Ssh.Auth;
using Braid.Ssh.Channels;
using Braid.Ssh.Logging;
using Braid.Ssh.Transport;

namespace Braid.Ssh;

/// <summary>Everything needed to reach and log in to one server.</summary>
public sealed class SshClientSettings
{
    public required DialOptions Dial { get; init; }
    public required TransportOptions Transport { get; init; }
    public required AuthOptions Auth { get; init; }
    public TimeSpan ServerAliveInterval { get; init; }
    public int ServerAliveCountMax { get; init; } = 3;
    public SshLog Log { get; init; } = SshLog.Silent;
    /// <summary>A ready byte stream to the server (ProxyCommand, ProxyJump, -W); when set, no TCP dial happens.</summary>
    public Func<CancellationToken, Task<Stream>>? StreamFactory { get; init; }
    /// <summary>UpdateHostKeys; null = the server's hostkeys-00@openssh.com announcement is ignored.</summary>
    public HostKeys.HostKeyUpdateSettings? HostKeyUpdate { get; init; }
}

/// <summary>
/// A connected, authenticated SSH client: the library entry point. Open sessions and other channels
/// on <see cref="Connection"/>.
/// </summary>
public sealed class SshClient : IAsyncDisposable
{
    public SshConnection Connection { get; }
    public SshTransport Transport => (SshTransport)Connection.Transport;
    /// <summary>Completes when an UpdateHostKeys edit the server started has finished (at once when none did).</summary>
    public Task HostKeyUpdateCompletion => _hostKeyUpdater?.Completion ?? Task.CompletedTask;

    /// <summary>Before disconnecting: a short command can end before the server answered the UpdateHostKeys
    /// proof request (ssh would then leave known_hosts as it was). Waits at most <paramref name="grace"/> for
    /// that answer, which is on its way; returns at once when no update is running.</summary>
    public async Task FinishHostKeyUpdateAsync(TimeSpan grace)
    {
        try { await HostKeyUpdateCompletion.WaitAsync(grace).ConfigureAwait(false); }
        catch (TimeoutException) { }
    }
    private readonly HostKeys.HostKeyUpdater? _hostKeyUpdater;

    private SshClient(SshConnection connection, HostKeys.HostKeyUpdater? updater)
    {
        Connection = connection;
        _hostKeyUpdater = updater;
    }

    public static async Task<SshClient> ConnectAsync(SshClientSettings settings, CancellationToken ct = default)
    {
        Stream stream;
        string? endpoints = null;
        if (settings.StreamFactory != null) stream = await settings.StreamFactory(ct).ConfigureAwait(false);
        else
        {
            var socket = await TcpDialer.ConnectAsync(settings.Dial, settings.Log, ct).ConfigureAwait(false);
            endpoints = $"{socket.LocalEndPoint} -> {socket.RemoteEndPoint}";
            if (socket.RemoteEndPoint is System.Net.IPEndPoint ip) settings.Auth.RemoteAddress = $"[{ip.Address}]:{ip.Port}";
            stream = new Transport.QuickAckNetworkStream(socket);
        }
        SshTransport transport;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // ConnectTimeout covers the banner exchange too, as in OpenSSH.
            if (settings.Dial.ConnectTimeout > TimeSpan.Zero && settings.Dial.ConnectTimeout != Timeout.InfiniteTimeSpan)
                cts.CancelAfter(settings.Dial.ConnectTimeout);
            transport = await SshTransport.ConnectAsync(stream, settings.Transport, cts.Token).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        try
        {
            await new UserAuthenticator(transport, settings.Auth, settings.Log).AuthenticateAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var connection = new SshConnection(transport, settings.Log) { EndpointDescription = endpoints };
        // Hooked before the reader loop starts: the server announces its keys right after authentication.
        HostKeys.HostKeyUpdater? updater = null;
        if (settings.HostKeyUpdate is { } update)
        {
            updater = new HostKeys.HostKeyUpdater(update, connection, settings.Log);
            connection.OnGlobalRequest = updater.OnGlobalRequest;
        }
        connection.Start(settings.ServerAliveInterval, settings.ServerAliveCountMax);
        return new SshClient(connection, updater);
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
