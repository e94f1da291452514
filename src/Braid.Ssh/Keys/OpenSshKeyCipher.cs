using System.Security.Cryptography;

namespace Braid.Ssh.Keys;

/// <summary>The ciphers ssh-keygen can protect an openssh-key-v1 file with. Decryption only: we read key files,
/// we do not write them. Key and IV come from bcrypt_pbkdf(passphrase) as one keyLength+ivLength block.</summary>
internal sealed class OpenSshKeyCipher
{
    private enum Mode { None, Ctr, Cbc, Gcm, ChaChaPoly }

    public string Name { get; }
    public int KeyLength { get; }
    public int IvLength { get; }
    public int BlockSize { get; }
    /// <summary>Length of the authentication tag stored after the encrypted section (GCM only).</summary>
    public int TagLength { get; }
    private readonly Mode _mode;

    private OpenSshKeyCipher(string name, Mode mode, int keyLength, int ivLength, int blockSize, int tagLength)
    {
        Name = name; _mode = mode; KeyLength = keyLength; IvLength = ivLength; BlockSize = blockSize; TagLength = tagLength;
    }

    public static OpenSshKeyCipher? Find(string name) => name switch
    {
        "none" => new(name, Mode.None, 0, 0, 8, 0),
        "aes128-ctr" => new(name, Mode.Ctr, 16, 16, 16, 0),
        "aes192-ctr" => new(name, Mode.Ctr, 24, 16, 16, 0),
        "aes256-ctr" => new(name, Mode.Ctr, 32, 16, 16, 0),
        "aes128-cbc" => new(name, Mode.Cbc, 16, 16, 16, 0),
        "aes192-cbc" => new(name, Mode.Cbc, 24, 16, 16, 0),
        "aes256-cbc" => new(name, Mode.Cbc, 32, 16, 16, 0),
        "aes128-gcm@openssh.com" => new(name, Mode.Gcm, 16, 12, 16, 16),
        "aes256-gcm@openssh.com" => new(name, Mode.Gcm, 32, 12, 16, 16),
        // 64 key bytes (main key, then header key, unused here), no IV: the nonce is sequence number 0.
        "chacha20-poly1305@openssh.com" => new(name, Mode.ChaChaPoly, 64, 0, 8, 16),
        _ => null,
    };

    public bool IsNone => _mode == Mode.None;

    /// <summary>Decrypts into <paramref name="plaintext"/>. A GCM or Poly1305 tag mismatch means a wrong passphrase
    /// (OpenSSH maps SSH_ERR_MAC_INVALID to SSH_ERR_KEY_WRONG_PASSPHRASE here).</summary>
    public void Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        switch (_mode)
        {
            case Mode.None:
                ciphertext.CopyTo(plaintext);
                return;
            case Mode.Cbc:
            {
                using var aes = Aes.Create();
                aes.Key = key.ToArray();
                aes.DecryptCbc(ciphertext, iv, plaintext, PaddingMode.None);
                return;
            }
            case Mode.Ctr:
                AesCtr.Transform(key, iv, ciphertext, plaintext);
                return;
            case Mode.Gcm:
            {
                using var gcm = new AesGcm(key, TagLength);
                try { gcm.Decrypt(iv, ciphertext, tag, plaintext); }
                catch (AuthenticationTagMismatchException) { throw new IncorrectPassphraseException(); }
                return;
            }
            case Mode.ChaChaPoly:
                OpenSshChaChaPoly.Decrypt(key[..32], ciphertext, tag, plaintext);
                return;
        }
    }
}

/// <summary>AES in counter mode (NIST SP 800-38A; the 128-bit big-endian counter of RFC 4344), built on the AES
/// block function (.NET has no CTR mode): encrypt successive counter blocks, XOR with the data.</summary>
internal static class AesCtr
{
    public static void Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        int blocks = (input.Length + 15) / 16;
        var counters = new byte[blocks * 16];
        var stream = new byte[blocks * 16];
        try
        {
            Span<byte> ctr = stackalloc byte[16];
            iv.CopyTo(ctr);
            for (int b = 0; b < blocks; b++)
            {
                ctr.CopyTo(counters.AsSpan(b * 16));
                for (int i = 15; i >= 0 && ++ctr[i] == 0; i--) { }
            }
            using var aes = Aes.Create();
            aes.Key = key.ToArray();
            aes.EncryptEcb(counters, stream, PaddingMode.None);
            for (int i = 0; i < input.Length; i++) output[i] = (byte)(input[i] ^ stream[i]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stream);
        }
    }
}
