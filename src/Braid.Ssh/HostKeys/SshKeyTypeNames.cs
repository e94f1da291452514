namespace Braid.Ssh.HostKeys;

/// <summary>Key type names known_hosts understands, and the short names OpenSSH prints in its
/// messages (sshkey_type(): "ED25519", "RSA", "ECDSA-CERT", …). Kept here rather than on the key
/// classes because host-key messages only need the name table, not the algorithms.</summary>
public static class SshKeyTypeNames
{
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["ssh-rsa"] = "RSA",
        ["ssh-dss"] = "DSA",
        ["ecdsa-sha2-nistp256"] = "ECDSA",
        ["ecdsa-sha2-nistp384"] = "ECDSA",
        ["ecdsa-sha2-nistp521"] = "ECDSA",
        ["sk-ecdsa-sha2-nistp256@openssh.com"] = "ECDSA-SK",
        ["ssh-ed25519"] = "ED25519",
        ["sk-ssh-ed25519@openssh.com"] = "ED25519-SK",
        ["ssh-xmss@openssh.com"] = "XMSS",
        ["ssh-rsa-cert-v01@openssh.com"] = "RSA-CERT",
        ["ssh-dss-cert-v01@openssh.com"] = "DSA-CERT",
        ["ecdsa-sha2-nistp256-cert-v01@openssh.com"] = "ECDSA-CERT",
        ["ecdsa-sha2-nistp384-cert-v01@openssh.com"] = "ECDSA-CERT",
        ["ecdsa-sha2-nistp521-cert-v01@openssh.com"] = "ECDSA-CERT",
        ["sk-ecdsa-sha2-nistp256-cert-v01@openssh.com"] = "ECDSA-SK-CERT",
        ["ssh-ed25519-cert-v01@openssh.com"] = "ED25519-CERT",
        ["sk-ssh-ed25519-cert-v01@openssh.com"] = "ED25519-SK-CERT",
        ["ssh-xmss-cert-v01@openssh.com"] = "XMSS-CERT",
    };

    /// <summary>Signature-algorithm names OpenSSH also accepts as key names (sshkey_type_from_name):
    /// the key itself is an ssh-rsa (certificate) key.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["rsa-sha2-256"] = "ssh-rsa",
        ["rsa-sha2-512"] = "ssh-rsa",
        ["rsa-sha2-256-cert-v01@openssh.com"] = "ssh-rsa-cert-v01@openssh.com",
        ["rsa-sha2-512-cert-v01@openssh.com"] = "ssh-rsa-cert-v01@openssh.com",
    };

    /// <summary>The wire key type a name in a known_hosts line stands for, or null if OpenSSH would
    /// not recognise it (the line is then invalid).</summary>
    public static string? Canonical(string name)
        => ShortNames.ContainsKey(name) ? name : Aliases.GetValueOrDefault(name);

    /// <summary>"ED25519" for "ssh-ed25519", as in "ED25519 key fingerprint is …". Unknown types are
    /// printed as OpenSSH prints KEY_UNSPEC: "unknown".</summary>
    public static string ShortName(string keyType) => ShortNames.GetValueOrDefault(keyType, "unknown");
}
