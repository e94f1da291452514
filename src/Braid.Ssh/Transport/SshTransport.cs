using System.Text;
using Braid.Ssh.Logging;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Transport;

/// <summary>
/// The SSH transport layer (RFC 4253) for a client: identification, binary packets, key exchange
/// and re-exchange, strict kex, ext-info. Upper layers call <see cref="SendAsync"/> from any task and
/// <see cref="ReceiveAsync"/> from exactly one reader loop; transport messages never reach them.
/// </summary>
public sealed partial class SshTransport : IPacketTransport
{
    private readonly Stream _stream;
    private readonly TransportOptions _options;
    private readonly SshLog _log;
    private PacketReader _reader = null!; // set once the server's identification is read
    private readonly PacketWriter _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly HeldMessages _held = new();
    private readonly CancellationTokenSource _closed = new();
    private Exception? _fatal;
    private int _disposed;

    public string ServerVersion { get; private set; } = "";
    public string ClientVersion => VersionExchange.ClientVersion;
    /// <summary>H of the first key exchange.</summary>
    public byte[] SessionId { get; private set; } = [];
    internal NegotiatedAlgorithms? Algorithms { get; private set; }
    public string? KexAlgorithm => Algorithms?.Kex;
    public string? HostKeyAlgorithm => Algorithms?.HostKey;
    public string? CipherClientToServer => Algorithms?.CipherClientToServer;
    public string? CipherServerToClient => Algorithms?.CipherServerToClient;
    public string? MacClientToServer => Algorithms?.MacClientToServer;
    public string? MacServerToClient => Algorithms?.MacServerToClient;
    public string? CompressionClientToServer => Algorithms?.CompressionClientToServer;
    /// <summary>server-sig-algs from SSH_MSG_EXT_INFO, if the server sent it.</summary>
    public IReadOnlyList<string>? ServerSignatureAlgorithms { get; private set; }
    public IReadOnlyDictionary<string, byte[]> ServerExtensions => _extensions;
    private readonly Dictionary<string, byte[]> _extensions = new(StringComparer.Ordinal);
    public Keys.PublicKey? HostKey { get; private set; }
    public long BytesSent => _writer.TotalBytes;
    public long BytesReceived => _reader.TotalBytes;
    public CancellationToken Closed => _closed.Token;
    public string PeerHost => _options.PeerHost;

    private SshTransport(Stream stream, TransportOptions options)
    {
        _stream = stream;
        _options = options;
        _log = options.Log;
        _writer = new PacketWriter(stream);
    }

    /// <summary>Runs the identification exchange and the first key exchange over an open stream.</summary>
    public static async Task<SshTransport> ConnectAsync(Stream stream, TransportOptions options, CancellationToken ct)
    {
        var t = new SshTransport(stream, options);
        try
        {
            // Our identification, first KEXINIT and (guessed) key share go out before the server has
            // identified itself: with a right guess the server's reply comes one round trip sooner.
            await stream.WriteAsync(Encoding.ASCII.GetBytes(VersionExchange.ClientVersion + "\r\n"), ct).ConfigureAwait(false);
            await t.StartFirstKeyExchangeAsync(ct).ConfigureAwait(false);
            var (version, rest) = await VersionExchange.ReadServerVersionAsync(stream, ct).ConfigureAwait(false);
            options.Log.Debug($"Remote protocol version {version}");
            t.ServerVersion = version;
            t._reader = new PacketReader(stream, rest);
            await t.FinishFirstKeyExchangeAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await t.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return t;
    }

    /// <summary>
    /// Sends an upper-layer message. While a key exchange forbids it, the message is held and sent right
    /// after our NEWKEYS (see <see cref="HeldMessages"/>); only a bulk sender past the limit waits.
    /// </summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default, Action? onQueued = null)
    {
        while (true)
        {
            Task? kexDone = null;
            bool rekey = false;
            await _writeLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                ThrowIfFatal();
                var kex = _kex;
                if (kex != null && !kex.SentNewKeys)
                {
                    if (_held.TryHold(payload.Span)) { onQueued?.Invoke(); return; }
                    kexDone = kex.Done.Task;
                }
                else
                {
                    _writer.Append(payload.Span);
                    onQueued?.Invoke();
                    await _writer.FlushAsync(ct).ConfigureAwait(false);
                    rekey = NeedsRekey();
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                Fail(new ConnectionClosedException("Connection closed: " + e.Message));
                throw _fatal!;
            }
            finally
            {
                _writeLock.Release();
            }
            if (kexDone != null)
            {
                await kexDone.WaitAsync(ct).ConfigureAwait(false);
                continue;
            }
            if (rekey) _ = StartRekeyAsync();
            return;
        }
    }

    /// <summary>Sends several messages with a single write where possible (used for pipelining).</summary>
    public async ValueTask SendManyAsync(IReadOnlyList<ReadOnlyMemory<byte>> payloads, CancellationToken ct = default)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfFatal();
            bool hold = _kex is { SentNewKeys: false };
            foreach (var p in payloads)
            {
                if (!hold) _writer.Append(p.Span);
                else if (!_held.TryHold(p.Span)) throw new InvalidOperationException("pipelined messages exceed the hold limit");
            }
            if (!hold) await _writer.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends a transport-level message even during key exchange (kex messages, DISCONNECT).</summary>
    private async ValueTask SendTransportAsync(ReadOnlyMemory<byte> payload, CancellationToken ct, Action? afterAppend = null)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _writer.Append(payload.Span);
            afterAppend?.Invoke();
            await _writer.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// The next upper-layer message (number ≥ 50, or SERVICE_ACCEPT). The returned memory is valid
    /// until the next call. Call from a single reader loop only.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken ct = default)
    {
        while (true)
        {
            ThrowIfFatal();
            ReadOnlyMemory<byte> payload;
            try
            {
                payload = await _reader.ReadAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Fail(e is IOException or SshProtocolException or SshException ? e : new SshProtocolException(e.Message, e));
                throw _fatal!;
            }
            if (await HandleTransportMessageAsync(payload, ct).ConfigureAwait(false)) continue;
            return payload;
        }
    }

    /// <summary>Handles messages the transport owns; returns false for upper-layer messages.</summary>
    private async ValueTask<bool> HandleTransportMessageAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        byte type = payload.Span[0];
        var kex = _kex;
        if (kex != null && kex.Strict && !kex.ReceivedNewKeys && kex.First && type != MessageNumbers.KexInit
            && (type < 30 || type > 49) && type != MessageNumbers.NewKeys)
        {
            // Strict kex (the Terrapin fix): nothing but kex messages until the first NEWKEYS.
            Fail(new SshProtocolException($"strict KEX violation: unexpected message type {type} during initial key exchange"));
            throw _fatal!;
        }
        switch (type)
        {
            case MessageNumbers.Disconnect:
                {
                    var r = new SshReader(payload.Span[1..]);
                    uint code = r.ReadUInt32();
                    string desc = Sanitize(r.ReadStringUtf8());
                    Fail(new SshDisconnectException(code,
                        $"Received disconnect from {_options.PeerDescription}:{code}: {desc}\nDisconnected from {_options.PeerDescription}"));
                    throw _fatal!;
                }
            case MessageNumbers.Ignore:
            case MessageNumbers.Unimplemented:
                return true;
            case MessageNumbers.Debug:
                {
                    var r = new SshReader(payload.Span[1..]);
                    bool display = r.ReadBoolean();
                    string msg = Sanitize(r.ReadStringUtf8());
                    if (display) _log.Write(LogLevel.Info, "Remote: " + msg);
                    else _log.Debug("Remote: " + msg);
                    return true;
                }
            case MessageNumbers.ExtInfo:
                ParseExtInfo(payload.Span);
                return true;
            case MessageNumbers.KexInit:
                await OnServerKexInitAsync(payload, ct).ConfigureAwait(false);
                return true;
            case MessageNumbers.NewKeys:
                await OnNewKeysAsync().ConfigureAwait(false);
                return true;
            default:
                if (type >= 30 && type <= 49)
                {
                    if (kex == null) throw Fail(new SshProtocolException($"unexpected key exchange message {type}"));
                    kex.Inbound.Writer.TryWrite(payload.ToArray());
                    return true;
                }
                if (type < 50 && type != MessageNumbers.ServiceAccept)
                    throw Fail(new SshProtocolException($"unexpected transport message {type}"));
                // Until the server's KEXINIT arrives it may still send anything (it had not seen ours yet);
                // between its KEXINIT and its NEWKEYS only key exchange messages are allowed.
                if (kex != null && kex.ServerKexInit != null && !kex.ReceivedNewKeys)
                    throw Fail(new SshProtocolException($"message {type} received during key exchange"));
                // Delayed compression starts with the packet after USERAUTH_SUCCESS, in both directions.
                if (type == MessageNumbers.UserauthSuccess && !_authenticated)
                    await OnAuthenticatedAsync().ConfigureAwait(false);
                return false;
        }
    }

    private void ParseExtInfo(ReadOnlySpan<byte> payload)
    {
        var r = new SshReader(payload[1..]);
        uint n = r.ReadUInt32();
        if (n > 1024) throw Fail(new SshProtocolException("EXT_INFO with too many extensions"));
        for (uint i = 0; i < n; i++)
        {
            string name = r.ReadStringUtf8();
            var value = r.ReadString();
            _extensions[name] = value.ToArray();
            if (name == "server-sig-algs")
            {
                ServerSignatureAlgorithms = Encoding.ASCII.GetString(value).Split(',', StringSplitOptions.RemoveEmptyEntries);
                _log.Debug($"kex_ext_info_client_parse: server-sig-algs=<{Encoding.ASCII.GetString(value)}>");
            }
        }
    }

    /// <summary>Printable text only: a server must not be able to write escape sequences to the user's terminal.</summary>
    internal static string Sanitize(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
            sb.Append(c == '\n' || c == '\t' || !char.IsControl(c) ? c : '?');
        return sb.ToString();
    }

    private void ThrowIfFatal()
    {
        if (_fatal != null) throw _fatal is SshException or SshProtocolException or IOException
            ? _fatal : new IOException(_fatal.Message, _fatal);
    }

    private Exception Fail(Exception e)
    {
        if (_fatal == null)
        {
            _fatal = e;
            try { _closed.Cancel(); } catch (ObjectDisposedException) { }
            _kex?.Done.TrySetException(e);
        }
        return _fatal;
    }

    /// <summary>Sends SSH_MSG_DISCONNECT (best effort) and closes the stream.</summary>
    public async Task DisconnectAsync(uint reason, string description)
    {
        if (_fatal == null)
        {
            try
            {
                using var w = new SshWriter(64);
                w.WriteByte(MessageNumbers.Disconnect).WriteUInt32(reason).WriteString(description).WriteString("");
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await SendTransportAsync(w.ToArray(), cts.Token).ConfigureAwait(false);
            }
            catch (Exception) { /* the peer may already be gone */ }
        }
        Fail(new ConnectionClosedException("disconnected by user"));
        try { _stream.Dispose(); } catch (Exception) { }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Fail(new ObjectDisposedException(nameof(SshTransport)));
        try { await _stream.DisposeAsync().ConfigureAwait(false); } catch (Exception) { }
        // The reader/writer buffers are returned to the pool only when nobody can still be using them.
        await _writeLock.WaitAsync().ConfigureAwait(false);
        _writer.Dispose();
        _held.Clear();
        _writeLock.Release();
    }
}

/// <summary>The server sent SSH_MSG_DISCONNECT.</summary>
public sealed class SshDisconnectException : SshException
{
    public uint Reason { get; }
    public SshDisconnectException(uint reason, string message) : base(message) { Reason = reason; }
}
