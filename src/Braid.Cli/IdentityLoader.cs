using Braid.Ssh;
using Braid.Ssh.Auth;
using Braid.Ssh.Keys;
using Braid.Ssh.Logging;

namespace Braid.Cli;

/// <summary>
/// Builds the list of keys to offer, in OpenSSH's order (pubkey_prepare): agent keys that match a
/// configured file, then the other agent keys (unless IdentitiesOnly), then files not in the agent.
/// A file's public half comes from "file.pub" or an unencrypted key file, so nothing is decrypted
/// (and no passphrase asked) before the server has said it would accept the key.
/// </summary>
internal static class IdentityLoader
{
    public static List<AuthIdentity> Load(IReadOnlyList<string> files, IReadOnlyList<bool> userProvided, IReadOnlyList<string> certificateFiles,
        bool identitiesOnly, IReadOnlyList<AuthIdentity> agentKeys, IAuthPrompter prompter, int passphrasePrompts, SshLog log)
    {
        var fromFiles = new List<AuthIdentity>();
        var certificates = new Dictionary<AuthIdentity, CertificateIdentities.Found>();
        var withoutKeyFile = new List<CertificateIdentities.Found>();
        for (int i = 0; i < files.Count; i++)
        {
            string path = files[i];
            if (!File.Exists(path))
            {
                if (i < userProvided.Count && userProvided[i]) log.Debug($"no such identity: {path}: No such file or directory");
                // ssh still looks for the certificate: the agent may hold its key.
                if (CertificateIdentities.NextTo(path, log) is { } orphan) withoutKeyFile.Add(orphan);
                continue;
            }
            var id = ForFile(path, prompter, passphrasePrompts, log);
            if (id == null) continue;
            fromFiles.Add(id);
            if (CertificateIdentities.NextTo(path, log) is { } cert) certificates[id] = cert;
        }
        var certificateFileKeys = CertificateIdentities.FromCertificateFiles(certificateFiles, log).ToList();
        var plain = Order(fromFiles, identitiesOnly, agentKeys);
        // A file identity replaced by the agent's copy of its key keeps its certificate.
        foreach (var (file, cert) in certificates.ToList())
            if (!plain.Contains(file) && plain.FirstOrDefault(a => SameKey(a, file)) is { } agent) certificates[agent] = cert;
        return CertificateIdentities.Merge(plain, certificateFileKeys, certificates, withoutKeyFile, log);
    }

    private static bool SameKey(AuthIdentity a, AuthIdentity b)
        => a.PublicKey != null && b.PublicKey != null && a.PublicKey.Blob.AsSpan().SequenceEqual(b.PublicKey.Blob);

    /// <summary>pubkey_prepare's order for plain keys: agent keys matching a file, other agent keys unless
    /// IdentitiesOnly, then the files not in the agent.</summary>
    private static List<AuthIdentity> Order(List<AuthIdentity> fromFiles, bool identitiesOnly, IReadOnlyList<AuthIdentity> agentKeys)
    {
        var result = new List<AuthIdentity>();
        var used = new HashSet<AuthIdentity>();
        foreach (var f in fromFiles)
        {
            var inAgent = agentKeys.FirstOrDefault(a => SameKey(a, f));
            if (inAgent != null) { result.Add(inAgent); used.Add(inAgent); used.Add(f); }
        }
        if (!identitiesOnly)
            foreach (var a in agentKeys) if (!used.Contains(a)) result.Add(a);
        foreach (var f in fromFiles) if (!used.Contains(f)) result.Add(f);
        return result;
    }

    private static AuthIdentity? ForFile(string path, IAuthPrompter prompter, int passphrasePrompts, SshLog log)
    {
        PublicKey? pub = PublicKeyFile.TryLoad(path);
        bool encrypted = true;
        try
        {
            var bytes = File.ReadAllBytes(path);
            encrypted = PrivateKeyFile.IsEncrypted(bytes);
            pub ??= PublicKeyFile.TryReadFromPrivateKeyFile(bytes);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        catch (SshException) { }
        log.Debug($"identity file {path} type {pub?.KeyType ?? "-1"}");
        PrivateKeySigner? loaded = null;
        return new AuthIdentity
        {
            PublicKey = pub,
            Comment = path,
            CanSignWithoutPrompt = !encrypted && pub != null,
            GetSigner = _ =>
            {
                if (loaded != null) return ValueTask.FromResult<ISigner?>(loaded);
                try
                {
                    var key = PrivateKeyFile.Load(path, p => prompter.ReadSecret(p), passphrasePrompts);
                    loaded = new PrivateKeySigner(key, path);
                    return ValueTask.FromResult<ISigner?>(loaded);
                }
                catch (UnprotectedPrivateKeyFileException e)
                {
                    // OpenSSH prints the warning block one line per call.
                    foreach (var line in e.Message.Split('\n')) log.Error(line);
                    log.Error($"Load key \"{path}\": bad permissions");
                }
                catch (PassphraseRequiredException)
                {
                    log.Debug("no passphrase given, try next key");
                }
                catch (IncorrectPassphraseException e)
                {
                    log.Debug($"Load key \"{path}\": {e.Message}");
                }
                catch (SshException e)
                {
                    log.Error($"Load key \"{path}\": {e.Message}");
                }
                catch (IOException e)
                {
                    log.Error($"Load key \"{path}\": {e.Message}");
                }
                return ValueTask.FromResult<ISigner?>(null);
            },
        };
    }
}
