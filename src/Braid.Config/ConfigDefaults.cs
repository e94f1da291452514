namespace Braid.Config;

/// <summary>
/// The algorithm lists the config layer needs but does not own: what the SSH library supports
/// ("all", used to validate names and to expand wildcards) and what it proposes by default
/// (the base that the +, - and ^ list modifiers edit). The SSH library passes its own;
/// <see cref="OpenSsh92"/> carries OpenSSH 9.2's lists so <c>-G</c> can be compared with the oracle.
/// </summary>
public sealed class ConfigDefaults
{
    public required IReadOnlyList<string> Ciphers { get; init; }
    public required IReadOnlyList<string> SupportedCiphers { get; init; }
    public required IReadOnlyList<string> Macs { get; init; }
    public required IReadOnlyList<string> SupportedMacs { get; init; }
    public required IReadOnlyList<string> KexAlgorithms { get; init; }
    public required IReadOnlyList<string> SupportedKexAlgorithms { get; init; }

    /// <summary>Default for HostKeyAlgorithms, PubkeyAcceptedAlgorithms and HostbasedAcceptedAlgorithms.</summary>
    public required IReadOnlyList<string> KeyAlgorithms { get; init; }

    /// <summary>Every key/signature algorithm name, certificates included (ssh -Q key-sig).</summary>
    public required IReadOnlyList<string> SupportedKeyAlgorithms { get; init; }

    public required IReadOnlyList<string> CASignatureAlgorithms { get; init; }

    /// <summary>Plain signature algorithms, no certificates (ssh -Q sig).</summary>
    public required IReadOnlyList<string> SupportedSignatureAlgorithms { get; init; }

    /// <summary>Debian's GSSAPI key exchange default (printed by Debian's ssh -G).</summary>
    public required IReadOnlyList<string> GssKexAlgorithms { get; init; }
    public required IReadOnlyList<string> SupportedGssKexAlgorithms { get; init; }

    private static string[] L(string s) => s.Split(',');

    /// <summary>OpenSSH 9.2p1 (Debian 12) as installed: `ssh -Q ...` and the defaults printed by `ssh -G`.</summary>
    public static ConfigDefaults OpenSsh92 { get; } = new()
    {
        Ciphers = L("chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com"),
        SupportedCiphers = L("3des-cbc,aes128-cbc,aes192-cbc,aes256-cbc,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com"),
        Macs = L("umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1"),
        SupportedMacs = L("hmac-sha1,hmac-sha1-96,hmac-sha2-256,hmac-sha2-512,hmac-md5,hmac-md5-96,umac-64@openssh.com,umac-128@openssh.com,hmac-sha1-etm@openssh.com,hmac-sha1-96-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-md5-etm@openssh.com,hmac-md5-96-etm@openssh.com,umac-64-etm@openssh.com,umac-128-etm@openssh.com"),
        KexAlgorithms = L("sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256"),
        SupportedKexAlgorithms = L("diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,diffie-hellman-group14-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha1,diffie-hellman-group-exchange-sha256,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,curve25519-sha256,curve25519-sha256@libssh.org,sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com"),
        KeyAlgorithms = L("ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256"),
        SupportedKeyAlgorithms = L("ssh-ed25519,ssh-ed25519-cert-v01@openssh.com,sk-ssh-ed25519@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,ssh-dss,ssh-dss-cert-v01@openssh.com,ssh-rsa,ssh-rsa-cert-v01@openssh.com,rsa-sha2-256,rsa-sha2-256-cert-v01@openssh.com,rsa-sha2-512,rsa-sha2-512-cert-v01@openssh.com"),
        CASignatureAlgorithms = L("ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256"),
        SupportedSignatureAlgorithms = L("ssh-ed25519,sk-ssh-ed25519@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ecdsa-sha2-nistp256@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,ssh-dss,ssh-rsa,rsa-sha2-256,rsa-sha2-512"),
        GssKexAlgorithms = L("gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-,gss-group14-sha1-,gss-gex-sha1-"),
        SupportedGssKexAlgorithms = L("gss-gex-sha1-,gss-group1-sha1-,gss-group14-sha1-,gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-"),
    };
}
