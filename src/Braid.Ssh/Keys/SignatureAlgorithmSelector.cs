namespace Braid.Ssh.Keys;

/// <summary>Chooses the signature algorithm for public-key authentication the way OpenSSH's
/// sshconnect2.c key_sig_algorithm() does.</summary>
public static class SignatureAlgorithmSelector
{
    /// <summary>
    /// For non-RSA keys (RSA certificates count as RSA), or when the server sent no server-sig-algs (RFC 8308), the key type itself, if it is
    /// in <paramref name="acceptedAlgorithms"/> (PubkeyAcceptedAlgorithms). For RSA keys with server-sig-algs,
    /// the first RSA algorithm of <paramref name="acceptedAlgorithms"/> that the server also lists.
    /// Null means "do not offer this key" (e.g. RSA key, server without server-sig-algs and ssh-rsa not accepted).
    /// </summary>
    public static string? Select(string keyType, IReadOnlyCollection<string>? serverSigAlgs, IReadOnlyList<string> acceptedAlgorithms)
    {
        if (serverSigAlgs is null || keyType is not (KeyTypeNames.Rsa or Certificates.CertificateKeyTypes.Rsa))
            return acceptedAlgorithms.Contains(keyType) ? keyType : null;
        foreach (var alg in acceptedAlgorithms)
        {
            if (KeyTypeNames.KeyTypeOfSignatureAlgorithm(alg) != keyType) continue;
            // server-sig-algs names plain algorithms; an RSA certificate signs with the plain one.
            if (serverSigAlgs.Contains(Certificates.CertificateKeyTypes.PlainSignatureAlgorithm(alg) ?? alg)) return alg;
        }
        return null;
    }
}
