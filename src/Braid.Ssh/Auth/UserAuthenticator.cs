using System.Security.Cryptography;
using System.Text;
using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;
using Braid.Ssh.Logging;
using Braid.Ssh.Transport;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Auth;

/// <summary>
/// The client side of RFC 4252 with publickey, password and keyboard-interactive (RFC 4256), in the
/// order of PreferredAuthentications, following the server's list of methods that can continue.
/// </summary>
public sealed class UserAuthenticator
{
    private const string ConnectionService = "ssh-connection";
    private readonly SshTransport _transport;
    private readonly AuthOptions _options;
    private readonly SshLog _log;
    private string[] _canContinue = [];

    public UserAuthenticator(SshTransport transport, AuthOptions options, SshLog log)
    {
        _transport = transport;
        _options = options;
        _log = log;
    }

    /// <summary>Authenticates or throws <see cref="SshException"/> with OpenSSH's "Permission denied" text.</summary>
    public async Task AuthenticateAsync(CancellationToken ct)
    {
        // The service request goes out with the first attempt: a signed publickey request when a key can
        // sign without a prompt (two round trips saved: no "none" probe, no PK_OK query), else "none".
        var (firstRequest, presigned) = await FirstRequestAsync(ct).ConfigureAwait(false);
        using (var sr = new SshWriter(32))
        {
            sr.WriteByte(MessageNumbers.ServiceRequest).WriteString("ssh-userauth");
            await _transport.SendManyAsync([sr.ToArray(), firstRequest], ct).ConfigureAwait(false);
        }
        var accept = await ReceiveAsync(ct).ConfigureAwait(false);
        if (accept[0] != MessageNumbers.ServiceAccept)
            throw new SshProtocolException($"expected SERVICE_ACCEPT, got message {accept[0]}");
        _log.Debug("SSH2_MSG_SERVICE_ACCEPT received");
        if (await ReadResultAsync(ct).ConfigureAwait(false)) return;
        _presigned = presigned;

        var tried = new HashSet<string>();
        while (true)
        {
            string? method = NextMethod(tried);
            if (method == null) break;
            _log.Debug($"Next authentication method: {method}");
            bool ok = method switch
            {
                "publickey" => await TryPublicKeysAsync(ct).ConfigureAwait(false),
                "password" => await TryPasswordAsync(ct).ConfigureAwait(false),
                "keyboard-interactive" => await TryKeyboardInteractiveAsync(ct).ConfigureAwait(false),
                _ => false,
            };
            if (ok) return;
            tried.Add(method);
        }
        throw new SshException($"{_options.User}@{_options.Host}: Permission denied ({string.Join(",", _canContinue)}).");
    }

    private string? NextMethod(HashSet<string> tried)
    {
        foreach (var m in _options.PreferredAuthentications)
        {
            if (tried.Contains(m) || Array.IndexOf(_canContinue, m) < 0) continue;
            bool enabled = m switch
            {
                "publickey" => _options.PubkeyAuthentication,
                "password" => _options.PasswordAuthentication && !_options.BatchMode,
                "keyboard-interactive" => _options.KbdInteractiveAuthentication && !_options.BatchMode,
                _ => false,
            };
            if (enabled) return m;
        }
        return null;
    }

    private SshWriter NewRequest(string method)
    {
        var w = new SshWriter(256);
        w.WriteByte(MessageNumbers.UserauthRequest).WriteString(_options.User).WriteString(ConnectionService).WriteString(method);
        return w;
    }

    /// <summary>Reads the next auth message, showing banners as they come.</summary>
    private async Task<byte[]> ReceiveAsync(CancellationToken ct)
    {
        while (true)
        {
            var m = await _transport.ReceiveAsync(ct).ConfigureAwait(false);
            if (m.Span[0] == MessageNumbers.UserauthBanner)
            {
                var r = new SshReader(m.Span[1..]);
                string text = SshTransport.Sanitize(r.ReadStringUtf8());
                if (_options.ShowBanner) _options.Prompter.Show(text);
                continue;
            }
            return m.ToArray();
        }
    }

    /// <summary>Handles SUCCESS/FAILURE; true on success. Other messages are returned via <see cref="_last"/>.</summary>
    private async Task<bool> ReadResultAsync(CancellationToken ct)
    {
        var m = await ReceiveAsync(ct).ConfigureAwait(false);
        return HandleResult(m);
    }

    private byte[]? _last;

    private bool HandleResult(byte[] m)
    {
        _last = m;
        switch (m[0])
        {
            case MessageNumbers.UserauthSuccess:
                _log.Write(LogLevel.Verbose, _options.RemoteAddress is { } addr
                    ? $"Authenticated to {_transport.PeerHost} ({addr}) using \"{_lastMethod}\"."
                    : $"Authenticated to {_transport.PeerHost} using \"{_lastMethod}\".");
                return true;
            case MessageNumbers.UserauthFailure:
                {
                    var r = new SshReader(m.AsSpan(1));
                    _canContinue = r.ReadNameList();
                    bool partial = r.ReadBoolean();
                    if (partial) _log.Verbose("Authenticated using \"" + _lastMethod + "\" with partial success.");
                    _log.Debug($"Authentications that can continue: {string.Join(",", _canContinue)}");
                    return false;
                }
            default:
                return false;
        }
    }

    private string _lastMethod = "none";
    // The identity already tried with the first, pipelined request.
    private AuthIdentity? _presigned;

    /// <summary>The first USERAUTH_REQUEST: signed publickey with the first key when that needs no prompt
    /// and no server-sig-algs choice (the server's EXT_INFO may not have been read yet), else "none".</summary>
    private async Task<(byte[] Request, AuthIdentity? Identity)> FirstRequestAsync(CancellationToken ct)
    {
        AuthIdentity? tried = null;
        if (_options.PubkeyAuthentication && FirstEnabledMethod() == "publickey"
            && _options.Identities.Count > 0 && _options.Identities[0] is { PublicKey: { } pub, CanSignWithoutPrompt: true } id
            && (pub.SignatureAlgorithms.Count == 1 || _transport.ServerSignatureAlgorithms != null)
            && ChooseSignatureAlgorithm(pub) is { } alg)
        {
            // Once its signer was asked for, the key counts as tried either way (a refused key file
            // must not warn twice).
            tried = id;
            var signer = await id.GetSigner(ct).ConfigureAwait(false);
            if (signer != null)
            {
                _log.Debug($"Offering public key: {id.Comment} {pub.KeyType} {pub.Fingerprint(HashAlgorithmName.SHA256)} (signed)");
                var request = await SignedRequestAsync(signer, alg, ct).ConfigureAwait(false);
                if (request != null)
                {
                    _lastMethod = "publickey";
                    return (request, id);
                }
            }
        }
        _lastMethod = "none";
        using var none = NewRequest("none");
        return (none.ToArray(), tried);
    }

    private string? FirstEnabledMethod()
    {
        foreach (var m in _options.PreferredAuthentications)
            if (m is "publickey" or "password" or "keyboard-interactive") return m;
        return null;
    }

    // ---- publickey ----

    private async Task<bool> TryPublicKeysAsync(CancellationToken ct)
    {
        _lastMethod = "publickey";
        foreach (var id in _options.Identities)
        {
            if (Array.IndexOf(_canContinue, "publickey") < 0) return false;
            if (id == _presigned) continue;
            ISigner? signer = null;
            PublicKey? pub = id.PublicKey;
            if (pub == null)
            {
                // Public half unknown without the passphrase (no .pub file): OpenSSH loads the key first.
                signer = await id.GetSigner(ct).ConfigureAwait(false);
                if (signer == null) continue;
                pub = signer.PublicKey;
            }
            string? alg = ChooseSignatureAlgorithm(pub);
            if (alg == null)
            {
                _log.Debug($"Skipping {pub.KeyType} key {id.Comment}: no mutual signature algorithm");
                continue;
            }
            if (signer == null && !id.CanSignWithoutPrompt)
            {
                _log.Debug($"Offering public key: {id.Comment} {pub.KeyType} {pub.Fingerprint(HashAlgorithmName.SHA256)}");
                using (var q = NewRequest("publickey"))
                {
                    q.WriteBoolean(false).WriteString(alg).WriteString(pub.Blob);
                    await _transport.SendAsync(q.WrittenMemory, ct).ConfigureAwait(false);
                }
                var reply = await ReceiveAsync(ct).ConfigureAwait(false);
                if (reply[0] != MessageNumbers.UserauthPkOk)
                {
                    if (HandleResult(reply)) return true;
                    continue;
                }
                _log.Debug($"Server accepts key: {id.Comment} {pub.KeyType} {pub.Fingerprint(HashAlgorithmName.SHA256)}");
            }
            else
            {
                _log.Debug($"Offering public key: {id.Comment} {pub.KeyType} {pub.Fingerprint(HashAlgorithmName.SHA256)} (signed)");
            }
            signer ??= await id.GetSigner(ct).ConfigureAwait(false);
            if (signer == null) continue;
            if (await SendSignedAsync(signer, alg, ct).ConfigureAwait(false)) return true;
        }
        return false;
    }

    private async Task<bool> SendSignedAsync(ISigner signer, string alg, CancellationToken ct)
    {
        var request = await SignedRequestAsync(signer, alg, ct).ConfigureAwait(false);
        if (request == null) return false;
        await _transport.SendAsync(request, ct).ConfigureAwait(false);
        return await ReadResultAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A publickey request with its signature, or null when signing failed.</summary>
    private async Task<byte[]?> SignedRequestAsync(ISigner signer, string alg, CancellationToken ct)
    {
        var blob = signer.PublicKey.Blob;
        byte[] toSign;
        using (var d = new SshWriter(512))
        {
            d.WriteString(_transport.SessionId).WriteByte(MessageNumbers.UserauthRequest)
             .WriteString(_options.User).WriteString(ConnectionService).WriteString("publickey")
             .WriteBoolean(true).WriteString(alg).WriteString(blob);
            toSign = d.ToArray();
        }
        byte[] sig;
        try
        {
            sig = await signer.SignAsync(alg, toSign, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SshException or IOException or CryptographicException)
        {
            _log.Debug($"signing with {signer.Comment} failed: {e.Message}");
            return null;
        }
        using var req = NewRequest("publickey");
        req.WriteBoolean(true).WriteString(alg).WriteString(blob).WriteString(sig);
        return req.ToArray();
    }

    /// <summary>The signature algorithm to use with a key: for RSA (and RSA certificates) the best SHA-2 variant
    /// the server announced in server-sig-algs (RFC 8308/8332), else whatever PubkeyAcceptedAlgorithms allows.</summary>
    internal string? ChooseSignatureAlgorithm(PublicKey key)
    {
        var accepted = _options.PubkeyAcceptedAlgorithms;
        var serverAlgs = _transport.ServerSignatureAlgorithms;
        foreach (var alg in key.SignatureAlgorithms)
        {
            if (accepted.Count > 0 && !accepted.Contains(alg)) continue;
            // server-sig-algs lists plain names; a certificate algorithm counts as the plain one it signs with
            // (sshkey_sigalg_by_name in ssh's key_sig_algorithm).
            if (serverAlgs != null && key.SignatureAlgorithms.Count > 1 &&
                !serverAlgs.Contains(CertificateKeyTypes.PlainSignatureAlgorithm(alg) ?? alg)) continue;
            return alg;
        }
        return null;
    }

    // ---- password ----

    private async Task<bool> TryPasswordAsync(CancellationToken ct)
    {
        _lastMethod = "password";
        for (int attempt = 0; attempt < _options.NumberOfPasswordPrompts; attempt++)
        {
            if (attempt > 0) _options.Prompter.Show("Permission denied, please try again.");
            string prompt = $"{Trunc(_options.User, 30)}@{Trunc(_options.Host, 128)}'s password: ";
            using var password = _options.Prompter.ReadSecret(prompt);
            if (password == null) return false;
            byte[] req;
            using (var w = NewRequest("password"))
            {
                w.WriteBoolean(false).WriteString(password.Span);
                req = w.ToArray();
            }
            try
            {
                await _transport.SendAsync(req, ct).ConfigureAwait(false);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(req);
            }
            var m = await ReceiveAsync(ct).ConfigureAwait(false);
            if (m[0] == MessageNumbers.UserauthInfoRequest)
                throw new SshException("Password change required but no TTY available.");
            if (HandleResult(m)) return true;
            if (Array.IndexOf(_canContinue, "password") < 0) return false;
        }
        return false;
    }

    private static string Trunc(string s, int n) => s.Length <= n ? s : s[..n];

    // ---- keyboard-interactive ----

    private async Task<bool> TryKeyboardInteractiveAsync(CancellationToken ct)
    {
        _lastMethod = "keyboard-interactive";
        int failures = 0;
        while (failures < _options.NumberOfPasswordPrompts)
        {
            using (var w = NewRequest("keyboard-interactive"))
            {
                w.WriteString("").WriteString("");
                await _transport.SendAsync(w.WrittenMemory, ct).ConfigureAwait(false);
            }
            while (true)
            {
                var m = await ReceiveAsync(ct).ConfigureAwait(false);
                if (m[0] != MessageNumbers.UserauthInfoRequest)
                {
                    if (HandleResult(m)) return true;
                    failures++;
                    if (Array.IndexOf(_canContinue, "keyboard-interactive") < 0) return false;
                    break;
                }
                if (!await AnswerInfoRequestAsync(m, ct).ConfigureAwait(false)) return false;
            }
        }
        return false;
    }

    private async Task<bool> AnswerInfoRequestAsync(byte[] m, CancellationToken ct)
    {
        var r = new SshReader(m.AsSpan(1));
        string name = SshTransport.Sanitize(r.ReadStringUtf8());
        string instruction = SshTransport.Sanitize(r.ReadStringUtf8());
        r.ReadString(); // language tag
        uint n = r.ReadUInt32();
        if (n > 100) throw new SshProtocolException("keyboard-interactive: too many prompts");
        if (name.Length > 0) _options.Prompter.Show(name);
        if (instruction.Length > 0) _options.Prompter.Show(instruction);
        var answers = new List<Secret>();
        try
        {
            for (uint i = 0; i < n; i++)
            {
                string prompt = SshTransport.Sanitize(r.ReadStringUtf8());
                bool echo = r.ReadBoolean();
                string display = $"({_options.User}@{_options.Host}) {prompt}";
                Secret? a = echo ? (_options.Prompter.ReadLine(display) is { } line ? Secret.FromString(line) : null)
                    : _options.Prompter.ReadSecret(display);
                if (a == null) return false;
                answers.Add(a);
            }
            byte[] resp;
            using (var w = new SshWriter(64))
            {
                w.WriteByte(MessageNumbers.UserauthInfoResponse).WriteUInt32((uint)answers.Count);
                foreach (var a in answers) w.WriteString(a.Span);
                resp = w.ToArray();
            }
            try { await _transport.SendAsync(resp, ct).ConfigureAwait(false); }
            finally { CryptographicOperations.ZeroMemory(resp); }
            return true;
        }
        finally
        {
            foreach (var a in answers) a.Dispose();
        }
    }
}
