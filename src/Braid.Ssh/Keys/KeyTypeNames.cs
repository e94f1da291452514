namespace Braid.Ssh.Keys;

/// <summary>Names OpenSSH uses for key types: the wire names, the short display names it prints in
/// messages ("ED25519", "ECDSA", "RSA"), and the signature algorithm a key signs with by default.</summary>
public static class KeyTypeNames
{
    public const string Ed25519 = "ssh-ed25519";
    public const string EcdsaNistP256 = "ecdsa-sha2-nistp256";
    public const string EcdsaNistP384 = "ecdsa-sha2-nistp384";
    public const string EcdsaNistP521 = "ecdsa-sha2-nistp521";
    public const string Rsa = "ssh-rsa";

    public const string RsaSha2_512 = "rsa-sha2-512";
    public const string RsaSha2_256 = "rsa-sha2-256";
    /// <summary>RSA with SHA-1: the signature algorithm has the same name as the key type.</summary>
    public const string RsaSha1 = "ssh-rsa";

    public const string CertificateSuffix = "-cert-v01@openssh.com";

    public static bool IsCertificate(string keyType) => keyType.EndsWith(CertificateSuffix, StringComparison.Ordinal);

    /// <summary>Security-key (FIDO) types, e.g. "sk-ssh-ed25519@openssh.com".</summary>
    public static bool IsSecurityKey(string keyType) => keyType.StartsWith("sk-", StringComparison.Ordinal);

    /// <summary>The short name OpenSSH's sshkey_type() prints, e.g. "ED25519", "ECDSA-CERT", "RSA".
    /// Unknown types give "unknown", as OpenSSH does.</summary>
    public static string DisplayName(string keyType)
    {
        bool cert = IsCertificate(keyType);
        string baseType = cert ? keyType[..^CertificateSuffix.Length] : keyType;
        string name = baseType switch
        {
            Ed25519 => "ED25519",
            EcdsaNistP256 or EcdsaNistP384 or EcdsaNistP521 => "ECDSA",
            Rsa => "RSA",
            "ssh-dss" => "DSA",
            "sk-ssh-ed25519@openssh.com" or "sk-ssh-ed25519" => "ED25519-SK",
            "sk-ecdsa-sha2-nistp256@openssh.com" or "sk-ecdsa-sha2-nistp256" => "ECDSA-SK",
            _ => "unknown",
        };
        if (name == "unknown") return name;
        return cert ? name + "-CERT" : name;
    }

    /// <summary>The signature algorithm a key of this type signs with when nothing else is negotiated.
    /// For RSA that is rsa-sha2-512 (what ssh-keygen -Y and ssh-agent use by default); for authentication
    /// pick with <see cref="SignatureAlgorithmSelector"/> instead, which honours server-sig-algs.</summary>
    public static string DefaultSignatureAlgorithm(string keyType) => keyType switch
    {
        Rsa => RsaSha2_512,
        _ => keyType,
    };

    /// <summary>The key type a signature algorithm belongs to ("rsa-sha2-256" → "ssh-rsa").</summary>
    public static string KeyTypeOfSignatureAlgorithm(string algorithm) => algorithm switch
    {
        RsaSha2_256 or RsaSha2_512 => Rsa,
        "rsa-sha2-256-cert-v01@openssh.com" or "rsa-sha2-512-cert-v01@openssh.com" => "ssh-rsa-cert-v01@openssh.com",
        _ => algorithm,
    };
}
