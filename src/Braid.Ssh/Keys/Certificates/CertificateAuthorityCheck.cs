using Braid.Ssh.HostKeys;

namespace Braid.Ssh.Keys.Certificates;

/// <summary>
/// Whether a (CA-verified) certificate may be used now, for what and by whom: OpenSSH 9.2's
/// sshkey_cert_check_authority and sshkey_cert_check_host. Returns null when it may, otherwise
/// OpenSSH's own reason text, which ssh prints as is.
/// </summary>
public static class CertificateAuthorityCheck
{
    /// <param name="wantHost">A host certificate is wanted (else a user certificate).</param>
    /// <param name="requirePrincipal">An empty principal list is refused (else it means "anyone").</param>
    /// <param name="wildcardPrincipals">Principals are glob patterns (host certificates) rather than exact names.</param>
    /// <param name="name">The name that must be listed; null skips the principal check.</param>
    public static string? CheckAuthority(OpenSshCertificate cert, bool wantHost, bool requirePrincipal,
        bool wildcardPrincipals, string? name, DateTimeOffset now)
    {
        if (wantHost && cert.Type != CertificateType.Host) return "Certificate invalid: not a host certificate";
        if (!wantHost && cert.Type != CertificateType.User) return "Certificate invalid: not a user certificate";
        long seconds = now.ToUnixTimeSeconds();
        if (seconds < 0) return "Certificate invalid: not yet valid";
        if ((ulong)seconds < cert.ValidAfter) return "Certificate invalid: not yet valid";
        if ((ulong)seconds >= cert.ValidBefore) return "Certificate invalid: expired";
        if (cert.Principals.Count == 0)
            return requirePrincipal ? "Certificate lacks principal list" : null;
        if (name is null) return null;
        foreach (var principal in cert.Principals)
            if (wildcardPrincipals ? HostPatternMatcher.MatchPattern(name, principal) : name == principal)
                return null;
        return "Certificate invalid: name is not a listed principal";
    }

    /// <summary>sshkey_cert_check_host: a host certificate valid now whose principals (patterns; none =
    /// any host) cover <paramref name="host"/>, without critical options, signed with an algorithm
    /// <paramref name="caSignatureAlgorithms"/> (CASignatureAlgorithms, a pattern list) allows.</summary>
    public static string? CheckHost(OpenSshCertificate cert, string host, IReadOnlyList<string>? caSignatureAlgorithms, DateTimeOffset now)
    {
        if (CheckAuthority(cert, wantHost: true, requirePrincipal: false, wildcardPrincipals: true, host, now) is { } reason)
            return reason;
        if (cert.CriticalOptions.Count != 0) return "Certificate contains unsupported critical options";
        if (caSignatureAlgorithms is not null && !SignatureAllowed(cert, caSignatureAlgorithms))
            return "Certificate signed with disallowed algorithm";
        return null;
    }

    /// <summary>sshkey_check_cert_sigtype: the CA's signature algorithm matches the CASignatureAlgorithms list.</summary>
    public static bool SignatureAllowed(OpenSshCertificate cert, IReadOnlyList<string> caSignatureAlgorithms)
        => HostPatternMatcher.MatchPatternList(cert.SignatureAlgorithm, string.Join(',', caSignatureAlgorithms), lowercase: false)
            == HostPatternMatcher.ListMatch.Match;
}
