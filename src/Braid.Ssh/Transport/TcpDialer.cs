using System.Net;
using System.Net.Sockets;
using Braid.Ssh.Logging;

namespace Braid.Ssh.Transport;

/// <summary>Options for opening the TCP connection, as ssh_config names them.</summary>
public sealed class DialOptions
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public AddressFamily AddressFamily { get; init; } = AddressFamily.Unspecified;
    public string? BindAddress { get; init; }
    public TimeSpan ConnectTimeout { get; init; } = Timeout.InfiniteTimeSpan;
    public int ConnectionAttempts { get; init; } = 1;
    public bool TcpKeepAlive { get; init; } = true;
}

/// <summary>Resolves and connects like OpenSSH's ssh_connect_direct: every address in turn, ConnectionAttempts times.</summary>
public static class TcpDialer
{
    public static async Task<Socket> ConnectAsync(DialOptions o, SshLog log, CancellationToken ct)
    {
        IPAddress[] addrs;
        if (IPAddress.TryParse(o.Host, out var literal)) addrs = [literal];
        else
        {
            try
            {
                addrs = await Dns.GetHostAddressesAsync(o.Host, o.AddressFamily, ct).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                throw new SshException($"ssh: Could not resolve hostname {o.Host}: Name or service not known");
            }
        }
        if (o.AddressFamily != AddressFamily.Unspecified) addrs = addrs.Where(a => a.AddressFamily == o.AddressFamily).ToArray();
        if (addrs.Length == 0) throw new SshException($"ssh: Could not resolve hostname {o.Host}: Name or service not known");

        Exception? last = null;
        for (int attempt = 0; attempt < Math.Max(1, o.ConnectionAttempts); attempt++)
        {
            if (attempt > 0) await Task.Delay(1000, ct).ConfigureAwait(false);
            foreach (var addr in addrs)
            {
                log.Debug($"Connecting to {o.Host} [{addr}] port {o.Port}.");
                var s = new Socket(addr.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                // Nagle off before the first byte: the handshake is a chain of small messages, each waiting on the last.
                s.NoDelay = true;
                if (o.TcpKeepAlive) s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                try
                {
                    if (o.BindAddress != null) s.Bind(new IPEndPoint(IPAddress.Parse(o.BindAddress), 0));
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    if (o.ConnectTimeout > TimeSpan.Zero && o.ConnectTimeout != Timeout.InfiniteTimeSpan) cts.CancelAfter(o.ConnectTimeout);
                    await s.ConnectAsync(new IPEndPoint(addr, o.Port), cts.Token).ConfigureAwait(false);
                    log.Debug("Connection established.");
                    return s;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    s.Dispose();
                    last = new SshException($"ssh: connect to host {o.Host} port {o.Port}: Connection timed out");
                }
                catch (SocketException e)
                {
                    s.Dispose();
                    last = new SshException($"ssh: connect to host {o.Host} port {o.Port}: {SocketErrorText(e)}");
                }
            }
        }
        throw last ?? new SshException($"ssh: connect to host {o.Host} port {o.Port}: failed");
    }

    /// <summary>strerror-style text, as OpenSSH prints it.</summary>
    public static string SocketErrorText(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "Connection refused",
        SocketError.TimedOut => "Connection timed out",
        SocketError.HostUnreachable => "No route to host",
        SocketError.NetworkUnreachable => "Network is unreachable",
        SocketError.AddressNotAvailable => "Cannot assign requested address",
        _ => e.Message,
    };
}
