using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;

namespace Braid.Ssh.HostKeys;

/// <summary>Decides whether to trust a server's host key, exactly as OpenSSH 9.2's check_host_key
/// (sshconnect.c) does, printing the same texts through <see cref="IHostKeyPrompter"/>, host certificates
/// included (@cert-authority, then the plain key if the certificate is not accepted).
/// Not covered: VerifyHostKeyDNS, KnownHostsCommand, VisualHostKey, RevokedHostKeys.</summary>
public sealed class HostKeyVerifier
{
    private readonly IHostKeyPrompter _prompter;
    private readonly Func<string, AtomicFileAppender> _appenderFor;

    public HostKeyVerifier(IHostKeyPrompter prompter) : this(prompter, null) { }

    /// <param name="appenderFor">Test seam: builds the appender for a given ~/.ssh directory.</param>
    internal HostKeyVerifier(IHostKeyPrompter prompter, Func<string, AtomicFileAppender>? appenderFor)
    {
        _prompter = prompter;
        _appenderFor = appenderFor ?? (dir => new AtomicFileAppender(dir));
    }

    public HostKeyVerificationResult Verify(HostKeyVerificationRequest request)
    {
        var run = new Run(this, request);
        var outcome = run.CheckHostKey(request.HostName.ToLowerInvariant(), request.Port, ReadMode.ReadWrite, clobberPort: false);
        if (outcome == Outcome.Fail) _prompter.Fatal(HostKeyMessages.VerificationFailed);
        return run.Result(outcome == Outcome.Accept);
    }

    public HostKeyVerificationResult Verify(PublicKey serverKey, HostKeyVerificationRequest request)
        => Verify(request with { KeyType = serverKey.KeyType, KeyBlob = serverKey.Blob, Certificate = serverKey as OpenSshCertificate });

    private enum Outcome { Accept, Fail, FatalPrinted }

    /// <summary>RDRW / RDONLY / ROQUIET in sshconnect.c.</summary>
    private enum ReadMode { ReadWrite, ReadOnly, ReadOnlyQuiet }

    /// <summary>One verification: the options check_host_key mutates (check_host_ip, update_hostkeys,
    /// the MITM-able features) live here instead of in globals.</summary>
    private sealed class Run
    {
        private readonly HostKeyVerifier _owner;
        private readonly HostKeyVerificationRequest _req;
        private readonly string? _home;
        private readonly List<string> _userFiles;
        private readonly List<string> _systemFiles;
        private readonly List<KnownHostsFile> _files;
        // The key being checked: the server's certificate first, its plain key after a downgrade.
        private OpenSshCertificate? _cert;
        private string _keyType;
        private byte[] _keyBlob;
        private string _type;
        private string _fingerprint;
        /// <summary>ssh never loads the IP's known_hosts entries when the server sent a certificate,
        /// not even after the downgrade to the plain key.</summary>
        private readonly bool _startedWithCert;
        private IHostKeyPrompter P => _owner._prompter;

        private bool _checkHostIp;
        private bool _updateHostKeys;
        private HostKeyStatus _status = HostKeyStatus.New;
        private bool _trusted;
        private bool _noPassword, _noKbdInt, _noAgent, _noX11, _noPortForwards, _noTunnel;

        public Run(HostKeyVerifier owner, HostKeyVerificationRequest req)
        {
            _owner = owner;
            _req = req;
            _home = req.HomeDirectory ?? Environment.GetEnvironmentVariable("HOME");
            _userFiles = req.UserKnownHostsFiles.Select(ExpandTilde).ToList();
            _systemFiles = req.GlobalKnownHostsFiles.Select(ExpandTilde).ToList();
            // Read each file once: the port-less retry looks at the same contents.
            _files = _userFiles.Concat(_systemFiles).Select(KnownHostsFile.Load).ToList();
            _cert = req.Certificate;
            _startedWithCert = _cert is not null;
            (_keyType, _keyBlob, _type, _fingerprint) = Describe(req.KeyType, req.KeyBlob);
            _checkHostIp = req.CheckHostIP;
            _updateHostKeys = req.UpdateHostKeys;
        }

        public HostKeyVerificationResult Result(bool accepted) => new()
        {
            Accepted = accepted,
            Status = _status,
            HostKeyTrusted = accepted && _trusted,
            DisablePasswordAuthentication = _noPassword,
            DisableKbdInteractiveAuthentication = _noKbdInt,
            DisableAgentForwarding = _noAgent,
            DisableX11Forwarding = _noX11,
            DisablePortForwarding = _noPortForwards,
            DisableTunnel = _noTunnel,
            UpdateHostKeysAllowed = accepted && _updateHostKeys,
            CheckHostIPInEffect = _checkHostIp,
        };

        private string ExpandTilde(string path)
            => path.StartsWith("~/", StringComparison.Ordinal) && !string.IsNullOrEmpty(_home)
                ? Path.Combine(_home, path[2..]) : path;

        private (string KeyType, byte[] Blob, string Type, string Fingerprint) Describe(string keyType, byte[] blob)
        {
            // A certificate's fingerprint is its plain key's, as sshkey_fingerprint computes it.
            var fpBlob = _cert is not null ? _cert.Key.Blob : blob;
            return (keyType, blob, SshKeyTypeNames.ShortName(keyType), KeyFingerprint.Of(fpBlob, _req.FingerprintHash));
        }

        /// <summary>check_host_key with its "retry" label: a certificate that is not accepted (no matching CA,
        /// invalid, …), unless revoked, is downgraded to its plain key, which is then checked as usual.</summary>
        public Outcome CheckHostKey(string hostname, int port, ReadMode readMode, bool clobberPort)
        {
            var outcome = CheckKey(hostname, port, readMode, clobberPort, out bool revoked);
            if (outcome != Outcome.Fail || _cert is null || revoked) return outcome;
            P.Debug("No matching CA found. Retry with plain key");
            var saved = (_cert, _keyType, _keyBlob, _type, _fingerprint);
            _cert = null;
            (_keyType, _keyBlob, _type, _fingerprint) = Describe(saved._cert.Key.KeyType, saved._cert.Key.Blob);
            try { return CheckKey(hostname, port, readMode, clobberPort, out _); }
            finally
            {
                // The downgrade is local to this check (raw_key in ssh), e.g. to the port-less retry.
                (_cert, _keyType, _keyBlob, _type, _fingerprint) = saved;
            }
        }

        private Outcome CheckKey(string hostname, int port, ReadMode readMode, bool clobberPort, out bool revoked)
        {
            revoked = false;
            // NoHostAuthenticationForLocalhost: an NFS-shared home would otherwise see "changed" keys
            // for every machine's localhost.
            if (_req.NoHostAuthenticationForLocalhost && _req.RemoteIsLoopback && _req.HostKeyAlias is null)
            {
                P.Debug("Forcing accepting of host key for loopback/localhost.");
                _updateHostKeys = false;
                return Outcome.Accept;
            }

            int lookupPort = clobberPort ? 0 : port;
            string ip = _req.RemoteAddress is null
                ? "<no hostip for proxy command>"
                : KnownHostsNames.HostPort(_req.RemoteAddress, lookupPort);
            string host = _req.HostKeyAlias ?? KnownHostsNames.HostPort(hostname, lookupPort);

            // As in ssh: compared against the ip *with* its port suffix.
            if (_checkHostIp && (_req.RemoteIsLoopback || hostname == ip || _req.RemoteAddress is null))
                _checkHostIp = false;

            var hostKeys = HostKeySet.ForHost(host, _files);
            var ipKeys = _checkHostIp && !_startedWithCert ? HostKeySet.ForHost(ip, _files) : null;

            var (hostStatus, hostFound) = _cert is null ? hostKeys.Check(_keyType, _keyBlob) : hostKeys.CheckCertificate(_cert);
            revoked = hostStatus == HostKeyStatus.Revoked;
            if (readMode == ReadMode.ReadWrite && _userFiles.Count == 0) readMode = ReadMode.ReadOnly;
            if (!clobberPort) _status = hostStatus;

            HostKeyStatus ipStatus;
            KnownHostsEntry? ipFound = null;
            bool hostIpDiffer = false;
            if (ipKeys is not null)
            {
                (ipStatus, ipFound) = ipKeys.Check(_keyType, _keyBlob);
                if (hostStatus == HostKeyStatus.Changed &&
                    (ipStatus != HostKeyStatus.Changed ||
                     (ipFound is not null && !ipFound.HasKey(hostFound!.KeyType, hostFound.KeyBlob))))
                    hostIpDiffer = true;
            }
            else ipStatus = hostStatus;

            switch (hostStatus)
            {
                case HostKeyStatus.Ok:
                    if (_cert is not null)
                    {
                        P.Debug($"Host '{host}' is known and matches the {_type} host certificate.");
                        P.Debug($"Found CA key in {hostFound!.FilePath}:{hostFound.LineNumber}");
                        if (!CertificateAccepted(_req.HostKeyAlias ?? hostname, _cert)) return Outcome.Fail;
                        // "certificate host key in use; disabling UpdateHostkeys": the CA vouches, not known_hosts.
                        _updateHostKeys = false;
                    }
                    if (_updateHostKeys && (IsSystemFile(hostFound!) ||
                        (ipStatus == HostKeyStatus.Ok && ipFound is not null && IsSystemFile(ipFound))))
                        _updateHostKeys = false;
                    if (_checkHostIp && ipStatus == HostKeyStatus.New)
                        AddIpOnly(ip, readMode != ReadMode.ReadWrite);
                    _trusted = true;
                    break;

                case HostKeyStatus.New:
                {
                    if (_req.HostKeyAlias is null && port != 0 && port != KnownHostsNames.DefaultPort && !clobberPort &&
                        CheckWithoutPort(hostname, port))
                    {
                        // Known under the bare host name: accepted, but (hostkey_trusted being local to each
                        // check_host_key call in ssh) not trusted enough for UpdateHostKeys.
                        _trusted = false;
                        _updateHostKeys = false;
                        break;
                    }
                    if (readMode != ReadMode.ReadWrite || _cert is not null) return Outcome.Fail;
                    if (_req.StrictHostKeyChecking == StrictHostKeyChecking.Yes)
                    {
                        P.Error(HostKeyMessages.NoKeyKnownStrict(_type, host));
                        return Outcome.Fail;
                    }
                    if (_req.StrictHostKeyChecking == StrictHostKeyChecking.Ask)
                    {
                        // show_other_keys() cannot fire for a plain key: any plain entry for the host would
                        // have made the status Changed, so "but keys of different type…" never appears.
                        var prompt = string.Join("\n",
                            HostKeyMessages.Authenticity(host, ip),
                            HostKeyMessages.Fingerprint(_type, _fingerprint),
                            OtherHostNames.Message(host, _keyType, _keyBlob, _files, _home),
                            HostKeyMessages.ConfirmQuestion);
                        if (!Confirm(prompt, _fingerprint)) return Outcome.Fail;
                        _trusted = true;
                    }
                    AddHost(host, ip, ipStatus);
                    break;
                }

                case HostKeyStatus.Revoked:
                    foreach (var line in HostKeyMessages.Revoked(_type, host)) P.Error(line);
                    if (_req.StrictHostKeyChecking != StrictHostKeyChecking.Off)
                    {
                        P.Error(HostKeyMessages.RevokedStrict(_type, host));
                        return Outcome.Fail;
                    }
                    if (ContinueUnsafe() is { } revokedFatal) return revokedFatal;
                    break;

                case HostKeyStatus.Changed:
                    if (readMode == ReadMode.ReadOnlyQuiet) return Outcome.Fail;
                    if (_checkHostIp && hostIpDiffer) WarnDnsSpoofing(host, ip, ipStatus, ipFound);
                    foreach (var line in HostKeyMessages.ChangedKey(_type, _fingerprint)) P.Error(line);
                    if (_userFiles.Count > 0) P.Error(HostKeyMessages.AddCorrectKey(_userFiles[0]));
                    P.Error(HostKeyMessages.Offending(SshKeyTypeNames.ShortName(hostFound!.KeyType), hostFound));
                    // Debian's ssh logs these as two lines (two calls), unlike the fingerprint block above.
                    if (_req.ShowRemoveHint) foreach (var l in HostKeyMessages.RemoveHint(hostFound.FilePath, host).Split('\n')) P.Error(l);
                    if (_req.StrictHostKeyChecking != StrictHostKeyChecking.Off)
                    {
                        P.Error(HostKeyMessages.ChangedStrict(host));
                        return Outcome.Fail;
                    }
                    if (ContinueUnsafe() is { } changedFatal) return changedFatal;
                    break;
            }

            if (_checkHostIp && hostStatus != HostKeyStatus.Changed && ipStatus == HostKeyStatus.Changed && ipFound is not null)
            {
                var msg = $"Warning: the {_type} host key for '{host}' differs from the key for the IP address '{ip}'" +
                          $"\nOffending key for IP in {ipFound.FilePath}:{ipFound.LineNumber}";
                if (hostStatus == HostKeyStatus.Ok)
                    msg += $"\nMatching host key in {hostFound!.FilePath}:{hostFound.LineNumber}";
                if (_req.StrictHostKeyChecking == StrictHostKeyChecking.Ask)
                {
                    if (!Confirm(msg + "\n" + HostKeyMessages.ConfirmQuestionNoFingerprint, null)) return Outcome.Fail;
                }
                else if (_req.StrictHostKeyChecking != StrictHostKeyChecking.Off)
                {
                    P.Info(msg);
                    P.Error("Exiting, you have requested strict checking.");
                    return Outcome.Fail;
                }
                else P.Info(msg);
            }

            if (!_trusted) _updateHostKeys = false;
            return Outcome.Accept;
        }

        private bool CheckWithoutPort(string hostname, int port)
        {
            P.Debug("checking without port identifier");
            if (CheckHostKey(hostname, port, ReadMode.ReadOnlyQuiet, clobberPort: true) != Outcome.Accept) return false;
            P.Debug("found matching key w/out port");
            return true;
        }

        /// <summary>check_host_cert: the certificate is for this host, valid now, and carries nothing ssh
        /// does not understand. <paramref name="host"/> is HostKeyAlias or the host name, without port.</summary>
        private bool CertificateAccepted(string host, OpenSshCertificate cert)
        {
            if (CertificateAuthorityCheck.CheckHost(cert, host, _req.CASignatureAlgorithms, _req.Now ?? DateTimeOffset.UtcNow) is { } reason)
            {
                P.Error(reason);
                return false;
            }
            if (cert.Extensions.Count != 0)
            {
                P.Error($"Certificate for {host} contains unsupported extension(s)");
                return false;
            }
            return true;
        }

        private bool IsSystemFile(KnownHostsEntry e) => _systemFiles.Contains(e.FilePath);

        /// <summary>confirm(): empty or "no" = no; "yes" (any case) or the exact fingerprint = yes;
        /// anything else asks again. BatchMode or EOF = no.</summary>
        private bool Confirm(string prompt, string? fingerprint)
        {
            if (!P.CanPrompt) return false;
            for (var msg = prompt; ; msg = fingerprint is null ? HostKeyMessages.Again : HostKeyMessages.AgainWithFingerprint)
            {
                var answer = P.ReadLine(msg);
                if (answer is null) return false;
                var word = answer.TrimStart(' ', '\t');
                int cut = word.IndexOfAny([' ', '\t', '\n']);
                if (cut >= 0) word = word[..cut];
                if (word.Length == 0 || word.Equals("no", StringComparison.OrdinalIgnoreCase)) return false;
                if (word.Equals("yes", StringComparison.OrdinalIgnoreCase) || (fingerprint is not null && word == fingerprint))
                    return true;
            }
        }

        private void AddHost(string host, string ip, HostKeyStatus ipStatus)
        {
            bool withIp = _checkHostIp && ipStatus == HostKeyStatus.New;
            var lines = KnownHostsLineFormatter.Format(host, withIp ? ip : null, _keyType, _keyBlob, _req.HashKnownHosts);
            var shown = withIp ? host + "," + ip : host;
            if (TryAppend(lines)) P.Info(HostKeyMessages.PermanentlyAdded(shown, _type));
            else P.Info(HostKeyMessages.FailedToAdd(_userFiles[0]));
        }

        private void AddIpOnly(string ip, bool readOnly)
        {
            if (readOnly)
                P.Info($"{_type} host key for IP address '{ip}' not in list of known hosts.");
            else if (TryAppend(KnownHostsLineFormatter.Format(ip, null, _keyType, _keyBlob, _req.HashKnownHosts)))
                P.Info($"Warning: Permanently added the {_type} host key for IP address '{ip}' to the list of known hosts.");
            else
                P.Info($"Failed to add the {_type} host key for IP address '{ip}' to the list of known hosts ({_userFiles[0]}).");
        }

        private bool TryAppend(IReadOnlyList<string> lines)
        {
            try
            {
                var sshDir = string.IsNullOrEmpty(_home) ? "" : Path.Combine(_home, ".ssh");
                _owner._appenderFor(sshDir).Append(_userFiles[0], lines);
                return true;
            }
            catch (KnownHostsWriteException)
            {
                return false; // ssh goes on without recording the key; the message says so
            }
        }

        private void WarnDnsSpoofing(string host, string ip, HostKeyStatus ipStatus, KnownHostsEntry? ipFound)
        {
            var keyMessage = ipStatus switch
            {
                HostKeyStatus.New => "is unknown",
                HostKeyStatus.Ok => "is unchanged",
                _ => "has a different value",
            };
            foreach (var line in HostKeyMessages.DnsSpoofing(_type, host, ip, keyMessage)) P.Error(line);
            if (ipStatus != HostKeyStatus.New && ipFound is not null)
                P.Error($"Offending key for IP in {ipFound.FilePath}:{ipFound.LineNumber}");
        }

        /// <summary>continue_unsafe: StrictHostKeyChecking=no with a changed or revoked key. The connection
        /// goes on, but nothing a man in the middle could harvest or abuse stays enabled.</summary>
        private Outcome? ContinueUnsafe()
        {
            bool cancelled = false;
            if (_req.PasswordAuthentication)
            {
                P.Error("Password authentication is disabled to avoid man-in-the-middle attacks.");
                _noPassword = cancelled = true;
            }
            if (_req.KbdInteractiveAuthentication)
            {
                P.Error("Keyboard-interactive authentication is disabled to avoid man-in-the-middle attacks.");
                _noKbdInt = cancelled = true;
            }
            if (_req.ForwardAgent)
            {
                P.Error("Agent forwarding is disabled to avoid man-in-the-middle attacks.");
                _noAgent = cancelled = true;
            }
            if (_req.ForwardX11)
            {
                P.Error("X11 forwarding is disabled to avoid man-in-the-middle attacks.");
                _noX11 = cancelled = true;
            }
            if (_req.HasPortForwards)
            {
                P.Error("Port forwarding is disabled to avoid man-in-the-middle attacks.");
                _noPortForwards = cancelled = true;
            }
            if (_req.TunnelRequested)
            {
                P.Error("Tunnel forwarding is disabled to avoid man-in-the-middle attacks.");
                _noTunnel = cancelled = true;
            }
            if (_updateHostKeys)
            {
                P.Error("UpdateHostkeys is disabled because the host key is not trusted.");
                _updateHostKeys = false;
            }
            // OpenSSH counts disabled password/kbd-int auth as "cancelled forwarding" too; kept as is.
            if (_req.ExitOnForwardFailure && cancelled)
            {
                P.Fatal("Error: forwarding disabled due to host key check failure");
                return Outcome.FatalPrinted;
            }
            return null;
        }
    }
}
