using System.Threading.Channels;
using Braid.Ssh.HostKeys;
using Braid.Ssh.KeyExchange;
using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;
using Braid.Ssh.Transport.Ciphers;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Transport;

public sealed partial class SshTransport
{
    /// <summary>One key exchange in flight.</summary>
    private sealed class KexState
    {
        public required byte[] ClientKexInit;
        public byte[]? ServerKexInit;
        public bool First;
        public bool Strict;
        public bool ReceivedNewKeys;
        public bool SentNewKeys;
        public Task? Running;
        // Our guessed first exchange (first_kex_packet_follows), already under way.
        public string? GuessedKex;
        public Task<KexResult>? Guess;
        public KexInputs? GuessInputs;
        public CancellationTokenSource? GuessCancel;
        // Two readers in turn when a guess is abandoned, hence not SingleReader.
        public readonly Channel<byte[]> Inbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleWriter = true });
        public readonly TaskCompletionSource<(PacketDecryptor Decryptor, PacketDecompressor? Decompressor)> IncomingKeys = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private KexState? _kex;
    private bool _strictKex;
    private DateTime _lastKex = DateTime.UtcNow;
    private long _rekeyBytesLimit;

    private static byte[] BuildKexInit(TransportOptions o, bool first, bool guess = false)
    {
        var kex = new List<string>(o.KexAlgorithms);
        if (first)
        {
            // Advertised only in the first KEXINIT, as RFC 8308 and the strict-kex extension require.
            kex.Add(AlgorithmNegotiation.ExtInfoClient);
            kex.Add(AlgorithmNegotiation.StrictKexClient);
        }
        string[] comp = o.Compression ? ["zlib@openssh.com", "zlib", "none"] : ["none", "zlib@openssh.com"];
        var m = new KexInitMessage
        {
            KexAlgorithms = kex.ToArray(),
            HostKeyAlgorithms = o.HostKeyAlgorithms.ToArray(),
            CiphersClientToServer = o.Ciphers.ToArray(),
            CiphersServerToClient = o.Ciphers.ToArray(),
            MacsClientToServer = o.Macs.ToArray(),
            MacsServerToClient = o.Macs.ToArray(),
            CompressionClientToServer = comp,
            CompressionServerToClient = comp,
            FirstKexPacketFollows = guess,
        };
        return m.Encode();
    }

    /// <summary>Sends our first KEXINIT and, when our first method can start on its own, its first message
    /// as a guess (RFC 4253 §7: right when both sides list the same kex and host key algorithm first).</summary>
    private async Task StartFirstKeyExchangeAsync(CancellationToken ct)
    {
        string? guess = _options.KexAlgorithms.Count > 0 && KeyExchangeRegistry.IsSupported(_options.KexAlgorithms[0])
            && !_options.KexAlgorithms[0].Contains("group-exchange", StringComparison.Ordinal) ? _options.KexAlgorithms[0] : null;
        var state = new KexState { ClientKexInit = BuildKexInit(_options, first: true, guess: guess != null), First = true };
        _kex = state;
        await SendTransportAsync(state.ClientKexInit, ct).ConfigureAwait(false);
        _log.Debug("SSH2_MSG_KEXINIT sent");
        if (guess == null) return;
        state.GuessedKex = guess;
        state.GuessInputs = new KexInputs(System.Text.Encoding.ASCII.GetBytes(ClientVersion), [], state.ClientKexInit, []);
        state.GuessCancel = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        state.Guess = KeyExchangeRegistry.Create(guess).ExchangeAsync(new Conversation(this, state), state.GuessInputs, state.GuessCancel.Token);
    }

    /// <summary>Drives the reader until both directions have switched to the first keys.</summary>
    private async Task FinishFirstKeyExchangeAsync(CancellationToken ct)
    {
        var state = _kex!;
        while (!state.Done.Task.IsCompleted)
        {
            var payload = await _reader.ReadAsync(ct).ConfigureAwait(false);
            if (!await HandleTransportMessageAsync(payload, ct).ConfigureAwait(false))
                throw Fail(new SshProtocolException($"unexpected message {payload.Span[0]} during key exchange"));
        }
        await state.Done.Task.ConfigureAwait(false);
    }

    /// <summary>Keeps our guessed exchange if the server will take it, else abandons it.</summary>
    private Task<KexResult>? ResolveGuess(KexState state, KexInitMessage client, KexInitMessage server, NegotiatedAlgorithms alg)
    {
        if (state.Guess == null) return null;
        bool right = alg.Kex == state.GuessedKex
            && server.KexAlgorithms.Length > 0 && server.KexAlgorithms[0] == client.KexAlgorithms[0]
            && server.HostKeyAlgorithms.Length > 0 && client.HostKeyAlgorithms.Length > 0 && server.HostKeyAlgorithms[0] == client.HostKeyAlgorithms[0];
        var guess = state.Guess;
        state.Guess = null;
        if (right)
        {
            state.GuessInputs!.ServerVersion = System.Text.Encoding.ASCII.GetBytes(ServerVersion);
            state.GuessInputs.ServerKexInit = state.ServerKexInit!;
            _log.Debug($"kex: guessed {alg.Kex} right: its key share is already with the server");
            return guess;
        }
        _log.Debug($"kex: guessed {state.GuessedKex} wrong; the server discards it");
        state.GuessCancel!.Cancel();
        _ = guess.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
        return null;
    }

    private async ValueTask OnServerKexInitAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var state = _kex;
        if (state != null && state.ServerKexInit != null)
            throw Fail(new SshProtocolException("duplicate KEXINIT during key exchange"));
        if (state == null)
        {
            // The server started a re-exchange: answer with ours, holding upper-layer sends meanwhile.
            state = new KexState { ClientKexInit = BuildKexInit(_options, first: false) };
            await _writeLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                _kex = state;
                _writer.Append(state.ClientKexInit);
                await _writer.FlushAsync(ct).ConfigureAwait(false);
            }
            finally { _writeLock.Release(); }
            _log.Debug("SSH2_MSG_KEXINIT sent (server-initiated rekey)");
        }
        state.ServerKexInit = payload.ToArray();
        _log.Debug("SSH2_MSG_KEXINIT received");
        var server = KexInitMessage.Parse(state.ServerKexInit);
        var client = KexInitMessage.Parse(state.ClientKexInit);
        var alg = AlgorithmNegotiation.Negotiate(client, server, CipherRegistry.IsAead);
        if (state.First)
        {
            _strictKex = alg.StrictKex;
            if (_strictKex && _reader.SequenceNumber != 1)
                throw Fail(new SshProtocolException("strict KEX violation: KEXINIT was not the first packet"));
        }
        state.Strict = _strictKex;
        if (server.FirstKexPacketFollows && (server.KexAlgorithms.Length == 0 || server.KexAlgorithms[0] != alg.Kex
            || server.HostKeyAlgorithms.Length == 0 || server.HostKeyAlgorithms[0] != alg.HostKey))
            state.Inbound.Writer.TryWrite(Array.Empty<byte>()); // marks "drop the server's wrong guess"
        _log.Debug($"kex: algorithm: {alg.Kex}");
        _log.Debug($"kex: host key algorithm: {alg.HostKey}");
        _log.Debug($"kex: server->client cipher: {alg.CipherServerToClient} MAC: {alg.MacServerToClient ?? "<implicit>"} compression: {alg.CompressionServerToClient}");
        _log.Debug($"kex: client->server cipher: {alg.CipherClientToServer} MAC: {alg.MacClientToServer ?? "<implicit>"} compression: {alg.CompressionClientToServer}");
        var guessed = ResolveGuess(state, client, server, alg);
        state.Running = Task.Run(() => RunKeyExchangeAsync(state, alg, guessed), CancellationToken.None);
    }

    private sealed class Conversation(SshTransport transport, KexState state) : IKexConversation
    {
        private bool _skippedGuess;
        public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct) => transport.SendTransportAsync(payload, ct);
        public async ValueTask<byte[]> ReceiveAsync(CancellationToken ct)
        {
            while (true)
            {
                var m = await NextAsync(ct).ConfigureAwait(false);
                if (m.Length == 0 && !_skippedGuess)
                {
                    _skippedGuess = true;
                    await NextAsync(ct).ConfigureAwait(false);
                    continue;
                }
                return m;
            }
        }

        private async ValueTask<byte[]> NextAsync(CancellationToken ct)
        {
            try { return await state.Inbound.Reader.ReadAsync(ct).ConfigureAwait(false); }
            catch (ChannelClosedException) { throw new SshProtocolException("NEWKEYS received before the key exchange was complete"); }
        }
    }

    private async Task RunKeyExchangeAsync(KexState state, NegotiatedAlgorithms alg, Task<KexResult>? guessed)
    {
        try
        {
            var ct = _closed.Token;
            KexResult result;
            if (guessed != null) result = await guessed.ConfigureAwait(false);
            else
            {
                var method = KeyExchangeRegistry.Create(alg.Kex);
                var inputs = new KexInputs(
                    System.Text.Encoding.ASCII.GetBytes(ClientVersion),
                    System.Text.Encoding.ASCII.GetBytes(ServerVersion),
                    state.ClientKexInit, state.ServerKexInit!);
                result = await method.ExchangeAsync(new Conversation(this, state), inputs, ct).ConfigureAwait(false);
            }

            var hostKey = ParseHostKey(result.HostKeyBlob);
            if (!hostKey.Verify(alg.HostKey, result.ExchangeHash, result.Signature))
                throw IncorrectSignature();
            if (state.First)
            {
                foreach (var line in HostKeyDescription.Lines(hostKey)) _log.Write(line.Level, line.Text);
                await _options.HostKeyCheck(hostKey, ct).ConfigureAwait(false);
                HostKey = hostKey;
                SessionId = result.ExchangeHash;
            }
            else if (HostKey == null || !HostKey.Blob.AsSpan().SequenceEqual(hostKey.Blob))
            {
                throw new SshException("Server host key changed during key re-exchange; disconnecting");
            }

            byte[] Key(char letter, int len) => KeyDerivation.Derive(result.Hash, result.SharedSecret, result.ExchangeHash, letter, SessionId, len);
            var ivC = Key('A', CipherRegistry.IvLength(alg.CipherClientToServer));
            var ivS = Key('B', CipherRegistry.IvLength(alg.CipherServerToClient));
            var encC = Key('C', CipherRegistry.KeyLength(alg.CipherClientToServer));
            var encS = Key('D', CipherRegistry.KeyLength(alg.CipherServerToClient));
            var macC = alg.MacClientToServer == null ? [] : Key('E', CipherRegistry.MacKeyLength(alg.MacClientToServer));
            var macS = alg.MacServerToClient == null ? [] : Key('F', CipherRegistry.MacKeyLength(alg.MacServerToClient));
            var encryptor = CipherRegistry.CreateEncryptor(alg.CipherClientToServer, alg.MacClientToServer, new DirectionKeys(ivC, encC, macC));
            var decryptor = CipherRegistry.CreateDecryptor(alg.CipherServerToClient, alg.MacServerToClient, new DirectionKeys(ivS, encS, macS));
            foreach (var k in new[] { ivC, ivS, encC, encS, macC, macS })
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(k);

            // A compression stream, once started, continues across re-exchanges (as in OpenSSH);
            // zlib@openssh.com waits for USERAUTH_SUCCESS.
            PacketCompressor? compressor = null;
            PacketDecompressor? decompressor = null;
            if (!_compressionOut && (alg.CompressionClientToServer == "zlib" || (alg.CompressionClientToServer == "zlib@openssh.com" && _authenticated)))
                compressor = new PacketCompressor();
            if (!_compressionIn && (alg.CompressionServerToClient == "zlib" || (alg.CompressionServerToClient == "zlib@openssh.com" && _authenticated)))
                decompressor = new PacketDecompressor();
            _delayedOut = !_authenticated && alg.CompressionClientToServer == "zlib@openssh.com";
            _delayedIn = !_authenticated && alg.CompressionServerToClient == "zlib@openssh.com";

            // NEWKEYS goes out under the old keys; everything after it under the new ones.
            await SendTransportAsync(new byte[] { MessageNumbers.NewKeys }, ct, () =>
            {
                _writer.SetEncryptor(encryptor);
                if (compressor != null) { _writer.SetCompressor(compressor); _compressionOut = true; }
                if (state.Strict) _writer.SequenceNumber = 0;
                _writer.BytesSinceRekey = 0;
                _writer.PacketsSinceRekey = 0;
                state.SentNewKeys = true;
                _held.AppendTo(_writer);
            }).ConfigureAwait(false);
            _log.Debug("SSH2_MSG_NEWKEYS sent");
            _rekeyBytesLimit = _options.RekeyBytes > 0 ? _options.RekeyBytes : DefaultRekeyBytes(alg.CipherClientToServer);
            Algorithms = alg;
            state.IncomingKeys.TrySetResult((decryptor, decompressor));
        }
        catch (Exception e)
        {
            var err = e is OperationCanceledException && _fatal != null ? _fatal : e;
            state.IncomingKeys.TrySetException(err);
            Fail(err);
            try { _stream.Dispose(); } catch (Exception) { }
        }
    }

    private bool _authenticated;
    private bool _compressionOut, _compressionIn, _delayedOut, _delayedIn;

    private async ValueTask OnNewKeysAsync()
    {
        var state = _kex ?? throw Fail(new SshProtocolException("NEWKEYS without key exchange"));
        // Found by fuzzing: a NEWKEYS before the server's KEXINIT, or before the messages its key exchange
        // needs, left the reader waiting for keys that could never come (a hang, not an error).
        if (state.ServerKexInit == null) throw Fail(new SshProtocolException("NEWKEYS before KEXINIT"));
        // Every key exchange message the server sends precedes its NEWKEYS: a method still waiting for one fails.
        state.Inbound.Writer.TryComplete();
        var (decryptor, decompressor) = await state.IncomingKeys.Task.ConfigureAwait(false);
        _reader.SetDecryptor(decryptor);
        if (decompressor != null) { _reader.SetDecompressor(decompressor); _compressionIn = true; }
        if (state.Strict) _reader.SequenceNumber = 0;
        _reader.BytesSinceRekey = 0;
        _reader.PacketsSinceRekey = 0;
        state.ReceivedNewKeys = true;
        _log.Debug("SSH2_MSG_NEWKEYS received");
        if (state.Running != null) await state.Running.ConfigureAwait(false);
        _lastKex = DateTime.UtcNow;
        _kex = null;
        state.GuessCancel?.Dispose();
        state.Done.TrySetResult();
    }

    /// <summary>Called by the reader loop on SSH_MSG_USERAUTH_SUCCESS: zlib@openssh.com starts now.</summary>
    public async Task OnAuthenticatedAsync()
    {
        _authenticated = true;
        if (_delayedOut)
        {
            await _writeLock.WaitAsync().ConfigureAwait(false);
            try { _writer.SetCompressor(new PacketCompressor()); _compressionOut = true; _delayedOut = false; }
            finally { _writeLock.Release(); }
        }
        if (_delayedIn)
        {
            _reader.SetDecompressor(new PacketDecompressor());
            _compressionIn = true;
            _delayedIn = false;
        }
    }

    /// <summary>OpenSSH's default rekey volume: 2^(2·blocksize) blocks for 16-byte ciphers (capped to 4 GiB
    /// of data in practice by ssh), 2^30 bytes for 8-byte ones.</summary>
    private static long DefaultRekeyBytes(string cipher)
    {
        int block = CipherRegistry.BlockSize(cipher);
        return block >= 16 ? 1L << 32 : 1L << 30;
    }

    private bool NeedsRekey()
    {
        if (_kex != null || Algorithms == null) return false;
        if ((long)_writer.BytesSinceRekey > _rekeyBytesLimit || (long)_reader.BytesSinceRekey > _rekeyBytesLimit) return true;
        if (_writer.PacketsSinceRekey > (1UL << 31) || _reader.PacketsSinceRekey > (1UL << 31)) return true;
        if (_options.RekeyInterval > TimeSpan.Zero && DateTime.UtcNow - _lastKex > _options.RekeyInterval) return true;
        return false;
    }

    /// <summary>Starts a client-initiated key re-exchange (RekeyLimit, ~R); returns when it is done.</summary>
    public async Task StartRekeyAsync()
    {
        KexState state;
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_kex != null || _fatal != null) { state = _kex!; }
            else
            {
                state = new KexState { ClientKexInit = BuildKexInit(_options, first: false) };
                _kex = state;
                _writer.Append(state.ClientKexInit);
                await _writer.FlushAsync(_closed.Token).ConfigureAwait(false);
                _log.Debug("SSH2_MSG_KEXINIT sent (rekey)");
            }
        }
        catch (Exception e) { Fail(e); return; }
        finally { _writeLock.Release(); }
        if (state != null)
        {
            try { await state.Done.Task.ConfigureAwait(false); } catch (Exception) { }
        }
    }

    /// <summary>K_S as a key. A certificate whose CA signature does not verify fails the key exchange with
    /// "incorrect signature", as in ssh, whose sshkey_from_blob checks that signature.</summary>
    private PublicKey ParseHostKey(byte[] blob)
    {
        try { return PublicKeyParser.Parse(blob); }
        catch (InvalidCertificateException e) when (e.BadSignature) { throw IncorrectSignature(); }
    }

    private SshException IncorrectSignature() =>
        new("ssh_dispatch_run_fatal: Connection to " + _options.PeerDescription + ": incorrect signature");
}
