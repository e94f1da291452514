using Braid.Ssh.Channels;
using Braid.Ssh.Keys;
using Braid.Ssh.Logging;
using Braid.Ssh.Wire;

namespace Braid.Ssh.HostKeys;

/// <summary>UpdateHostKeys (clientloop.c client_input_hostkeys, client_global_hostkeys_prove_confirm,
/// update_known_hosts): after authentication the server lists all its host keys; keys known_hosts lacks are
/// proven by the server (signatures over the session identifier) and added, keys it no longer offers are
/// removed. Only the connection's owner (direct client or master) runs this; the reader loop only parses
/// the announcement, everything else (files, the prove round trip) runs on its own task.</summary>
public sealed class HostKeyUpdater
{
    private const string Fn = "client_input_hostkeys";
    private readonly HostKeyUpdateSettings _settings;
    private readonly SshConnection _connection;
    private readonly SshLog _log;
    private volatile bool _seen, _complete;

    /// <summary>Completes when an update that was started has finished (at once when none was).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public HostKeyUpdater(HostKeyUpdateSettings settings, SshConnection connection, SshLog log)
    {
        _settings = settings;
        _connection = connection;
        _log = log;
    }

    /// <summary>can_update_hostkeys: on, not yet done, user files to edit, and no question to ask in batch mode.</summary>
    private bool CanUpdate => !_complete && _settings.Enabled && _settings.UserKnownHostsFiles.Count > 0
        && !(_settings.Ask && _settings.BatchMode);

    /// <summary>The connection's global request hook: true (handled) for hostkeys-00, whatever becomes of it,
    /// as ssh answers; false for other requests.</summary>
    public bool OnGlobalRequest(string name, ReadOnlyMemory<byte> body)
    {
        if (name != HostKeysAnnouncement.RequestName) return false;
        if (_seen) throw new SshProtocolException($"{Fn}: server already sent hostkeys");
        if (!CanUpdate) return true;
        _seen = true;
        var keys = HostKeysAnnouncement.Parse(body.Span, _settings.HostKeyAlgorithms, _settings.FingerprintHash, _log);
        if (keys is null) { _complete = true; return true; }
        if (keys.Count == 0)
        {
            _log.Debug($"{Fn}: server sent no hostkeys");
            _complete = true;
            return true;
        }
        Completion = Task.Run(() => UpdateAsync(keys));
        return true;
    }

    private async Task UpdateAsync(List<PublicKey> keys)
    {
        try
        {
            var plan = Plan(keys);
            if (plan is null) return;
            if (plan.NewCount == 0)
            {
                // Only removals (or matches to fix): nothing the server has to prove.
                UpdateKnownHosts(plan, []);
                return;
            }
            var fresh = Enumerable.Range(0, keys.Count).Where(i => plan.KeyMatches[i] == KnownHostsUpdatePlan.Match.None).ToList();
            _log.Debug3($"{Fn}: asking server to prove ownership for {fresh.Count} keys");
            var body = HostKeyProof.RequestBody(fresh.Select(i => keys[i]));
            var (ok, reply) = await _connection.GlobalRequestAsync(HostKeyProof.RequestName, true, body, CancellationToken.None).ConfigureAwait(false);
            if (!ok)
            {
                _log.Error("Server failed to confirm ownership of private host keys");
                return;
            }
            if (VerifyProofs(keys, fresh, reply) is { } verified) UpdateKnownHosts(plan, verified);
        }
        catch (Exception e) when (e is IOException or SshException or SshProtocolException or ObjectDisposedException)
        {
            _log.Debug($"{Fn}: {e.Message}"); // the connection ended first
        }
        catch (Exception e)
        {
            // Best effort on the side: whatever went wrong must not end the session that waits for it.
            _log.Error($"{Fn}: {e.Message}");
        }
        finally
        {
            _complete = true;
        }
    }

    /// <summary>Which keys are new or gone, and whether the files allow an edit; null when nothing is to be done.</summary>
    private KnownHostsUpdatePlan? Plan(List<PublicKey> keys)
    {
        var files = new List<KnownHostsFile>();
        foreach (var path in _settings.UserKnownHostsFiles)
        {
            _log.Debug($"{Fn}: searching {path} for {_settings.HostName} / {_settings.IpAddress ?? "(none)"}");
            if (!File.Exists(path)) { _log.Debug($"{Fn}: hostkeys file {path} does not exist"); continue; }
            files.Add(KnownHostsFile.Load(path));
        }
        var plan = KnownHostsUpdatePlan.Make(keys, _settings.HostName, _settings.IpAddress, files);
        int nnew = plan.NewCount, incomplete = plan.IncompleteCount;
        _log.Debug3($"{Fn}: {keys.Count} server keys: {nnew} new, {keys.Count - nnew - incomplete} retained, " +
                    $"{incomplete} incomplete match. {plan.OldKeys.Count} to remove");
        if (nnew == 0 && plan.OldKeys.Count == 0)
        {
            _log.Debug($"{Fn}: no new or deprecated keys from server");
            return null;
        }
        if (plan.ComplexHostSpec)
        {
            _log.Debug($"{Fn}: CA/revocation marker, manual host list or wildcard host pattern found, skipping UserKnownHostsFile update");
            return null;
        }
        if (plan.OtherNameSeen)
        {
            _log.Debug($"{Fn}: host key found matching a different name/address, skipping UserKnownHostsFile update");
            return null;
        }
        if (plan.OldKeySeen)
        {
            var ip = _settings.IpAddress is null ? "" : "," + _settings.IpAddress;
            _log.Debug($"{Fn}: key(s) for {_settings.HostName}{ip} exist under other names; skipping UserKnownHostsFile update");
            return null;
        }
        return plan;
    }

    /// <summary>The signatures, one string per new key in order; the keys verified, or null if any is bad.</summary>
    private List<PublicKey>? VerifyProofs(List<PublicKey> keys, List<int> fresh, byte[] reply)
    {
        const string fn = "client_global_hostkeys_prove_confirm";
        var transport = _connection.SshTransport;
        var sessionId = transport?.SessionId ?? [];
        var verified = new List<PublicKey>();
        try
        {
            var r = new SshReader(reply);
            foreach (int i in fresh)
            {
                var sig = r.ReadString();
                var type = SshKeyTypeNames.ShortName(keys[i].KeyType);
                switch (HostKeyProof.Verify(keys[i], sessionId, sig, transport?.HostKeyAlgorithm, out var alg))
                {
                    case HostKeyProof.Outcome.Disregarded:
                        _log.Debug($"{fn}: server used untrusted RSA signature algorithm {alg} for key {i}, disregarding");
                        continue;
                    case HostKeyProof.Outcome.Bad when alg is null:
                        _log.Error($"{fn}: server gave unintelligible signature for {type} key {i}: invalid format");
                        return null;
                    case HostKeyProof.Outcome.Bad:
                        _log.Error($"{fn}: server gave bad signature for {type} key {i}: incorrect signature");
                        return null;
                }
                _log.Debug3($"{fn}: verify {type} key {i} using sigalg {alg}");
                verified.Add(keys[i]);
            }
            r.EnsureEnd(fn);
        }
        catch (SshProtocolException)
        {
            _log.Error($"{fn}: parse sig: message incomplete");
            return null;
        }
        return verified;
    }

    /// <summary>update_known_hosts: tell (at VERBOSE, as ssh with UpdateHostKeys=yes), then edit every user file;
    /// new keys go to the first. Keys the server announced but did not prove are not written.</summary>
    private void UpdateKnownHosts(KnownHostsUpdatePlan plan, List<PublicKey> learned)
    {
        var level = _settings.Ask ? LogLevel.Info : LogLevel.Verbose;
        bool first = true;
        void Tell(string m)
        {
            if (first && _settings.Ask)
            {
                _log.Write(level, "The server has updated its host keys.");
                _log.Write(level, "These changes were verified by the server's existing trusted key.");
            }
            first = false;
            _log.Write(level, m);
        }
        foreach (var k in learned) Tell($"Learned new hostkey: {SshKeyTypeNames.ShortName(k.KeyType)} {k.Fingerprint(_settings.FingerprintHash)}");
        foreach (var e in plan.OldKeys)
            Tell($"Deprecating obsolete hostkey: {SshKeyTypeNames.ShortName(e.KeyType)} {KeyFingerprint.Of(e.KeyBlob, _settings.FingerprintHash)}");
        if (_settings.Ask)
        {
            // *Braid*: no question is asked (the session may own the terminal); nothing is written.
            _log.Info("UpdateHostKeys=ask is not supported; known_hosts was left unchanged.");
            return;
        }
        // The keys to keep: those known already plus those just proven (ssh drops unproven ones from its list).
        var keep = plan.Keys.Where((k, i) => plan.KeyMatches[i] != KnownHostsUpdatePlan.Match.None || learned.Contains(k)).ToList();
        var writer = _settings.Writer ?? new AtomicFileAppender();
        for (int f = 0; f < _settings.UserKnownHostsFiles.Count; f++)
        {
            var path = _settings.UserKnownHostsFiles[f];
            if (!File.Exists(path)) { _log.Debug($"update_known_hosts: known hosts file {path} does not exist"); continue; }
            var keys = f == 0 ? keep : [];
            IReadOnlyList<string> messages = [];
            try
            {
                writer.Rewrite(path, old =>
                {
                    var result = KnownHostsReplacement.Apply(path, System.Text.Encoding.UTF8.GetString(old),
                        _settings.HostName, _settings.IpAddress, keys, _settings.HashKnownHosts, _settings.FingerprintHash);
                    messages = result.Messages;
                    return result.NewText is null ? null : System.Text.Encoding.UTF8.GetBytes(result.NewText);
                }, path + ".old");
                foreach (var m in messages) _log.Verbose(m);
            }
            catch (KnownHostsWriteException e)
            {
                _log.Error($"update_known_hosts: hostfile_replace_entries failed for {path}: {e.InnerException?.Message ?? e.Message}");
            }
        }
    }
}
