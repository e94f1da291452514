using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;

namespace Braid.Ssh.HostKeys;

/// <summary>
/// The host key algorithms to propose when HostKeyAlgorithms is not configured. <see cref="OpenSsh"/> is
/// OpenSSH 9.2's order_hostkeyalgs; <see cref="Order"/>, what Braid proposes, then moves the certificate
/// algorithms last when no @cert-authority (or @revoked) line covers the host.
/// </summary>
public static class HostKeyAlgorithmOrder
{
    /// <summary>
    /// Braid's order. Without a @cert-authority line a host certificate can only be downgraded to its plain
    /// key, so offering plain algorithms first changes no trust decision; it does make Braid's first host key
    /// algorithm the one sshd lists first, which is what lets sshd keep the key share Braid sends with its
    /// KEXINIT (first_kex_packet_follows). With a @revoked line the certificate matters (a revoked CA refuses
    /// it), so ssh's order is kept. <paramref name="withoutPort"/> holds the entries for the bare host name
    /// when the port is not 22 and there is no HostKeyAlias: check_host_key falls back to them.
    /// </summary>
    public static IReadOnlyList<string> Order(IReadOnlyList<string> algorithms, HostKeySet known, HostKeySet? withoutPort = null)
    {
        var ssh = OpenSsh(algorithms, known);
        if (known.Entries.Concat(withoutPort?.Entries ?? []).Any(e => e.Marker != KnownHostsMarker.None)) return ssh;
        return [.. ssh.Where(a => !KeyTypeNames.IsCertificate(a)), .. ssh.Where(KeyTypeNames.IsCertificate)];
    }

    /// <summary>
    /// OpenSSH 9.2's order_hostkeyalgs (sshconnect2.c): so that a host known by an ECDSA key is not met with
    /// "no ED25519 host key is known", the algorithms whose key types known_hosts holds for the host come
    /// first, and when a @cert-authority line covers the host, all certificate algorithms do. If the first
    /// algorithm's type is already known the list stays as it is.
    /// </summary>
    public static IReadOnlyList<string> OpenSsh(IReadOnlyList<string> algorithms, HostKeySet known)
    {
        if (algorithms.Count == 0 || HasPlainKeyFor(known, algorithms[0])) return algorithms;
        bool hasCa = known.HasCertificateAuthority;
        var first = new List<string>();
        var last = new List<string>();
        foreach (var alg in algorithms)
        {
            bool preferred = (hasCa && KeyTypeNames.IsCertificate(alg)) || HasPlainKeyFor(known, alg);
            (preferred ? first : last).Add(alg);
        }
        return [.. first, .. last];
    }

    /// <summary>lookup_key_in_hostkeys_by_type(sshkey_type_plain(alg)): a plain (unmarked) entry of the
    /// key type behind the algorithm; certificate algorithms count as their plain key type.</summary>
    private static bool HasPlainKeyFor(HostKeySet known, string algorithm)
    {
        string keyType = KeyTypeNames.KeyTypeOfSignatureAlgorithm(algorithm);
        string plain = CertificateKeyTypes.PlainKeyType(keyType) ?? keyType;
        return known.Entries.Any(e => e.Marker == KnownHostsMarker.None && e.KeyType == plain);
    }
}
