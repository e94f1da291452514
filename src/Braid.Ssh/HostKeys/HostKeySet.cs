using Braid.Ssh.Keys.Certificates;

namespace Braid.Ssh.HostKeys;

/// <summary>The known_hosts entries whose hosts field matches one lookup name, gathered from several
/// files in order (hostfile.c load_hostkeys; ssh loads UserKnownHostsFile entries first, then
/// GlobalKnownHostsFile). Entries keep their file and line for messages.</summary>
public sealed class HostKeySet
{
    public string HostName { get; }
    public IReadOnlyList<KnownHostsEntry> Entries { get; }

    private HostKeySet(string hostName, List<KnownHostsEntry> entries)
    {
        HostName = hostName;
        Entries = entries;
    }

    /// <summary>Collects the entries of <paramref name="files"/> (in the given order) that match
    /// <paramref name="hostName"/>, which must already be in lookup form: lowercased, "[host]:port"
    /// for ports other than 22 (see <see cref="KnownHostsNames.HostPort"/>).</summary>
    public static HostKeySet ForHost(string hostName, IEnumerable<KnownHostsFile> files)
    {
        var matched = new List<KnownHostsEntry>();
        foreach (var file in files)
            foreach (var entry in file.Entries)
                if (entry.MatchesHost(hostName))
                    matched.Add(entry);
        return new HostKeySet(hostName, matched);
    }

    /// <summary>check_key_in_hostkeys for a plain (non-certificate) key: OK on the first plain entry with
    /// this key; otherwise CHANGED if any plain entry exists (whatever its type); otherwise NEW.
    /// @cert-authority entries are never accepted for a plain key. A matching @revoked entry
    /// overrides the result.</summary>
    public HostKeyCheck Check(string keyType, ReadOnlySpan<byte> blob)
    {
        var status = HostKeyStatus.New;
        KnownHostsEntry? found = null;
        foreach (var entry in Entries)
        {
            if (entry.Marker != KnownHostsMarker.None) continue;
            found = entry;
            if (entry.HasKey(keyType, blob))
            {
                status = HostKeyStatus.Ok;
                break;
            }
            status = HostKeyStatus.Changed;
        }
        if (status == HostKeyStatus.New) found = null;
        foreach (var entry in Entries)
            if (entry.Marker == KnownHostsMarker.Revoked && entry.HasKey(keyType, blob))
                return new HostKeyCheck(HostKeyStatus.Revoked, null);
        return new HostKeyCheck(status, found);
    }

    /// <summary>check_key_in_hostkeys for a host certificate: OK (with the @cert-authority entry) when a
    /// @cert-authority line for this host holds the certificate's CA key, otherwise NEW; plain entries play
    /// no part. A @revoked entry holding the CA key or the certified key overrides the result
    /// (check_key_not_revoked).</summary>
    public HostKeyCheck CheckCertificate(OpenSshCertificate cert)
    {
        var ca = cert.SignatureKey;
        var status = HostKeyStatus.New;
        KnownHostsEntry? found = null;
        foreach (var entry in Entries)
        {
            if (entry.Marker != KnownHostsMarker.CertAuthority || !entry.HasKey(ca.KeyType, ca.Blob)) continue;
            status = HostKeyStatus.Ok;
            found = entry;
            break;
        }
        foreach (var entry in Entries)
            if (entry.Marker == KnownHostsMarker.Revoked &&
                (entry.HasKey(ca.KeyType, ca.Blob) || entry.HasKey(cert.Key.KeyType, cert.Key.Blob)))
                return new HostKeyCheck(HostKeyStatus.Revoked, null);
        return new HostKeyCheck(status, found);
    }

    /// <summary>Whether a @cert-authority line covers this host (useful to explain why a plain key
    /// was not accepted; certificate verification itself lives elsewhere).</summary>
    public bool HasCertificateAuthority => Entries.Any(e => e.Marker == KnownHostsMarker.CertAuthority);
}
