using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;

namespace Braid.Ssh.HostKeys;

/// <summary>
/// OpenSSH 9.2's order_hostkeyalgs (sshconnect2.c), used when HostKeyAlgorithms is not configured: so that a
/// host known by an ECDSA key is not met with "no ED25519 host key is known", the algorithms whose key types
/// known_hosts holds for the host come first, and when a @cert-authority line covers the host, all
/// certificate algorithms do. If the first algorithm's type is already known the list stays as it is.
/// </summary>
public static class HostKeyAlgorithmOrder
{
    public static IReadOnlyList<string> Order(IReadOnlyList<string> algorithms, HostKeySet known)
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
