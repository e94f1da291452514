namespace Braid.Ssh.Transport.Ciphers;

/// <summary>The ciphers and MACs Braid speaks, their key sizes, and their factories.</summary>
public static class CipherRegistry
{
    /// <summary>OpenSSH 9.x's client default cipher order.</summary>
    public static IReadOnlyList<string> DefaultCiphers { get; } =
        ["chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com"];

    public static IReadOnlyList<string> SupportedCiphers => DefaultCiphers;

    /// <summary>OpenSSH's default MAC order, less the umac-* MACs Braid does not implement.</summary>
    public static IReadOnlyList<string> DefaultMacs { get; } =
        ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha1-etm@openssh.com",
         "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1"];

    public static IReadOnlyList<string> SupportedMacs => DefaultMacs;

    public static bool IsAead(string cipher) => cipher is "chacha20-poly1305@openssh.com" or "aes128-gcm@openssh.com" or "aes256-gcm@openssh.com";

    public static int KeyLength(string cipher) => cipher switch
    {
        "chacha20-poly1305@openssh.com" => 64,
        "aes128-ctr" or "aes128-gcm@openssh.com" => 16,
        "aes192-ctr" => 24,
        "aes256-ctr" or "aes256-gcm@openssh.com" => 32,
        _ => throw new ArgumentException($"unsupported cipher {cipher}"),
    };

    public static int IvLength(string cipher) => cipher switch
    {
        "chacha20-poly1305@openssh.com" => 0,
        "aes128-gcm@openssh.com" or "aes256-gcm@openssh.com" => 12,
        _ => 16,
    };

    public static int BlockSize(string cipher) => cipher == "chacha20-poly1305@openssh.com" ? 8 : 16;

    public static int MacKeyLength(string mac) => HmacAlgorithm.Describe(mac).KeyLength;

    public static PacketEncryptor CreateEncryptor(string cipher, string? mac, DirectionKeys keys) => cipher switch
    {
        "chacha20-poly1305@openssh.com" => new ChaCha20Poly1305Encryptor(keys),
        "aes128-gcm@openssh.com" or "aes256-gcm@openssh.com" => new AesGcmEncryptor(keys, KeyLength(cipher)),
        _ => new AesCtrHmacEncryptor(keys, KeyLength(cipher), mac ?? throw new ArgumentException("a MAC is required with " + cipher)),
    };

    public static PacketDecryptor CreateDecryptor(string cipher, string? mac, DirectionKeys keys) => cipher switch
    {
        "chacha20-poly1305@openssh.com" => new ChaCha20Poly1305Decryptor(keys),
        "aes128-gcm@openssh.com" or "aes256-gcm@openssh.com" => new AesGcmDecryptor(keys, KeyLength(cipher)),
        _ => new AesCtrHmacDecryptor(keys, KeyLength(cipher), mac ?? throw new ArgumentException("a MAC is required with " + cipher)),
    };
}
