namespace Braid.Ssh.Keys.Certificates;

/// <summary>The certificate key types Braid understands and the plain key type each certifies.
/// rsa-sha2-256/512-cert-v01 are signature algorithms of the ssh-rsa-cert-v01 key, not key types.</summary>
public static class CertificateKeyTypes
{
    public const string Ed25519 = "ssh-ed25519-cert-v01@openssh.com";
    public const string EcdsaNistP256 = "ecdsa-sha2-nistp256-cert-v01@openssh.com";
    public const string EcdsaNistP384 = "ecdsa-sha2-nistp384-cert-v01@openssh.com";
    public const string EcdsaNistP521 = "ecdsa-sha2-nistp521-cert-v01@openssh.com";
    public const string Rsa = "ssh-rsa-cert-v01@openssh.com";
    public const string RsaSha2_256 = "rsa-sha2-256-cert-v01@openssh.com";
    public const string RsaSha2_512 = "rsa-sha2-512-cert-v01@openssh.com";

    /// <summary>"ssh-ed25519-cert-v01@openssh.com" → "ssh-ed25519"; null for anything else.</summary>
    public static string? PlainKeyType(string certType) => certType switch
    {
        Ed25519 => KeyTypeNames.Ed25519,
        EcdsaNistP256 => KeyTypeNames.EcdsaNistP256,
        EcdsaNistP384 => KeyTypeNames.EcdsaNistP384,
        EcdsaNistP521 => KeyTypeNames.EcdsaNistP521,
        Rsa => KeyTypeNames.Rsa,
        _ => null,
    };

    /// <summary>The certificate key type for a plain key type ("ssh-rsa" → "ssh-rsa-cert-v01@openssh.com").</summary>
    public static string CertificateKeyType(string plainType) => plainType + KeyTypeNames.CertificateSuffix;

    /// <summary>The algorithm a certificate signature algorithm stands for on the certified key itself:
    /// "rsa-sha2-512-cert-v01@openssh.com" → "rsa-sha2-512", "ssh-ed25519-cert-v01@openssh.com" → "ssh-ed25519".
    /// Null for names that are not certificate algorithms.</summary>
    public static string? PlainSignatureAlgorithm(string certAlgorithm) => certAlgorithm switch
    {
        RsaSha2_256 => KeyTypeNames.RsaSha2_256,
        RsaSha2_512 => KeyTypeNames.RsaSha2_512,
        _ => PlainKeyType(certAlgorithm),
    };

    /// <summary>The certificate signature algorithm for a plain one ("rsa-sha2-256" → "rsa-sha2-256-cert-v01@openssh.com").</summary>
    public static string CertificateSignatureAlgorithm(string plainAlgorithm) => plainAlgorithm + KeyTypeNames.CertificateSuffix;
}
