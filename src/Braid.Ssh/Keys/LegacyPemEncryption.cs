using System.Security.Cryptography;
using System.Text;

namespace Braid.Ssh.Keys;

/// <summary>OpenSSL's traditional PEM encryption (RFC 1421 headers "Proc-Type: 4,ENCRYPTED" and
/// "DEK-Info: AES-128-CBC,&lt;hex IV&gt;"), as written by ssh-keygen -m PEM -N pass. The key is
/// EVP_BytesToKey(MD5, salt = first 8 IV bytes, count 1); the body is CBC with PKCS#7 padding.
/// .NET does not read this format, so it is decoded here.</summary>
internal static class LegacyPemEncryption
{
    public static bool IsEncrypted(IReadOnlyDictionary<string, string> headers) =>
        headers.TryGetValue("Proc-Type", out var pt) && pt.Replace(" ", "").Equals("4,ENCRYPTED", StringComparison.OrdinalIgnoreCase);

    public static byte[] Decrypt(IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body, ReadOnlySpan<byte> passphrase)
    {
        if (!headers.TryGetValue("DEK-Info", out var dek)) throw new InvalidKeyFormatException();
        int comma = dek.IndexOf(',');
        if (comma < 0) throw new InvalidKeyFormatException();
        string alg = dek[..comma].Trim().ToUpperInvariant();
        byte[] iv;
        try { iv = Convert.FromHexString(dek[(comma + 1)..].Trim()); }
        catch (FormatException) { throw new InvalidKeyFormatException(); }

        (SymmetricAlgorithm cipher, int keyLen) = alg switch
        {
            "AES-128-CBC" => ((SymmetricAlgorithm)Aes.Create(), 16),
            "AES-192-CBC" => (Aes.Create(), 24),
            "AES-256-CBC" => (Aes.Create(), 32),
            "DES-EDE3-CBC" => (TripleDES.Create(), 24),
            _ => throw new SshException($"unsupported PEM encryption {alg}"),
        };
        // Disposing the cipher clears its copy of the key.
        using (cipher)
        {
            if (iv.Length != cipher.BlockSize / 8) throw new InvalidKeyFormatException();
            var key = BytesToKey(passphrase, iv.AsSpan(0, 8), keyLen);
            try
            {
                cipher.Key = key;
                return cipher.DecryptCbc(body, iv, PaddingMode.PKCS7);
            }
            catch (CryptographicException)
            {
                // Bad padding is how a wrong passphrase shows up in CBC.
                throw new IncorrectPassphraseException();
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    /// <summary>OpenSSL EVP_BytesToKey with MD5 and one iteration: D_i = MD5(D_{i-1} || pass || salt).</summary>
    private static byte[] BytesToKey(ReadOnlySpan<byte> pass, ReadOnlySpan<byte> salt, int keyLen)
    {
        var key = new byte[keyLen];
        Span<byte> d = stackalloc byte[16];
        var buf = new byte[16 + pass.Length + salt.Length];
        try
        {
            int have = 0, prev = 0;
            while (have < keyLen)
            {
                d[..prev].CopyTo(buf);
                pass.CopyTo(buf.AsSpan(prev));
                salt.CopyTo(buf.AsSpan(prev + pass.Length));
                MD5.HashData(buf.AsSpan(0, prev + pass.Length + salt.Length), d);
                prev = 16;
                int n = Math.Min(16, keyLen - have);
                d[..n].CopyTo(key.AsSpan(have));
                have += n;
            }
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
            CryptographicOperations.ZeroMemory(buf);
        }
    }
}
