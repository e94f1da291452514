using Braid.Ssh;
using Braid.Ssh.Auth;
using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;
using Braid.Ssh.Logging;

namespace Braid.Cli;

/// <summary>
/// User certificates to offer, as ssh 9.2 finds them: each CertificateFile (offered before every other
/// key), and "&lt;identity&gt;-cert" or "&lt;identity&gt;-cert.pub" next to each IdentityFile (offered right
/// after that key). A certificate signs with the identity holding its key (agent or file), else with the
/// private key file it sits next to (sign_and_send_pubkey).
/// </summary>
internal static class CertificateIdentities
{
    /// <summary>A certificate found on disk. <paramref name="KeyFile"/> is the identity file it belongs to
    /// (null for a CertificateFile); <paramref name="Comment"/> is what messages call it.</summary>
    public sealed record Found(OpenSshCertificate Certificate, string Comment, string? KeyFile);

    /// <summary>"&lt;file&gt;-cert[.pub]" for an identity file, when it holds a user certificate.</summary>
    public static Found? NextTo(string identityFile, SshLog log)
    {
        string path = identityFile + "-cert";
        var key = LoadPublic(path);
        log.Debug($"identity file {path} type {key?.KeyType ?? "-1"}");
        return Usable(key, identityFile, identityFile, log);
    }

    /// <summary>The certificates named by CertificateFile, in order.</summary>
    public static IEnumerable<Found> FromCertificateFiles(IReadOnlyList<string> files, SshLog log)
    {
        foreach (var path in files)
        {
            var key = LoadPublic(path);
            log.Debug($"certificate file {path} type {key?.KeyType ?? "-1"}");
            if (key is not OpenSshCertificate { Type: CertificateType.User })
            {
                if (key is not null) log.Debug($"pubkey_prepare: ignoring certificate file {path}");
                continue;
            }
            if (Usable(key, path, null, log) is { } found) yield return found;
        }
    }

    /// <summary>Adds the certificates to <paramref name="identities"/> (plain keys in offer order): CertificateFile
    /// ones first, the others after their key file's identity (or last, when the key file is missing);
    /// one already there (an agent holding it) is skipped.</summary>
    public static List<AuthIdentity> Merge(List<AuthIdentity> identities, IReadOnlyList<Found> certificateFiles,
        IReadOnlyDictionary<AuthIdentity, Found> nextToFiles, IReadOnlyList<Found> withoutKeyFile, SshLog log)
    {
        var result = new List<AuthIdentity>();
        foreach (var c in certificateFiles) AddUnlessPresent(result, ForCertificate(c, identities, log), identities);
        foreach (var id in identities)
        {
            result.Add(id);
            if (nextToFiles.TryGetValue(id, out var c)) AddUnlessPresent(result, ForCertificate(c, identities, log), identities);
        }
        foreach (var c in withoutKeyFile) AddUnlessPresent(result, ForCertificate(c, identities, log), identities);
        return result;
    }

    private static void AddUnlessPresent(List<AuthIdentity> result, AuthIdentity cert, List<AuthIdentity> identities)
    {
        var blob = cert.PublicKey!.Blob;
        bool present = result.Concat(identities).Any(i => i.PublicKey is { } k && k.Blob.AsSpan().SequenceEqual(blob));
        if (!present) result.Add(cert);
    }

    private static AuthIdentity ForCertificate(Found c, List<AuthIdentity> identities, SshLog log)
    {
        var keyBlob = c.Certificate.Key.Blob;
        var source = identities.FirstOrDefault(i => i.PublicKey is { } k && k is not OpenSshCertificate && k.Blob.AsSpan().SequenceEqual(keyBlob))
            ?? identities.FirstOrDefault(i => i.PublicKey is null && i.Comment == c.KeyFile);
        return new AuthIdentity
        {
            PublicKey = c.Certificate,
            Comment = c.Comment,
            Source = source?.Source ?? "file",
            CanSignWithoutPrompt = source?.CanSignWithoutPrompt ?? false,
            GetSigner = async ct =>
            {
                if (source is null)
                {
                    log.Debug($"sign_and_send_pubkey: no separate private key for certificate \"{c.Comment}\"");
                    return null;
                }
                var signer = await source.GetSigner(ct).ConfigureAwait(false);
                return signer is null ? null : new CertificateSigner(c.Certificate, signer);
            },
        };
    }

    private static Found? Usable(PublicKey? key, string comment, string? keyFile, SshLog log)
    {
        if (key is not OpenSshCertificate cert) return null;
        if (cert.Type != CertificateType.User)
        {
            log.Debug($"pubkey_prepare: ignoring certificate {comment}: not a user certificate");
            return null;
        }
        return new Found(cert, comment, keyFile);
    }

    /// <summary>sshkey_load_public: the path itself, else path.pub; null when neither holds a key.</summary>
    private static PublicKey? LoadPublic(string path)
        => PublicKeyFile.TryLoadFile(path, out _) ?? PublicKeyFile.TryLoadFile(path + ".pub", out _);
}
