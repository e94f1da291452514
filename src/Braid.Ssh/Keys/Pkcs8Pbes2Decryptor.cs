using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace Braid.Ssh.Keys;

/// <summary>Decrypts a PBES2 EncryptedPrivateKeyInfo (RFC 8018 §6.2: PBKDF2 with HMAC-SHA1/256/384/512 and
/// AES-CBC), which is what OpenSSL and ssh-keygen -m PKCS8 write. .NET can only decrypt such files while
/// importing a key of an algorithm named in advance, and has no Ed25519 import; decrypting first lets us
/// read the inner PrivateKeyInfo of any type and tell a wrong passphrase from an unknown algorithm.</summary>
internal static class Pkcs8Pbes2Decryptor
{
    private const string OidPbes2 = "1.2.840.113549.1.5.13";
    private const string OidPbkdf2 = "1.2.840.113549.1.5.12";
    /// <summary>Upper bound on PBKDF2 iterations so a crafted file cannot stall us (OpenSSL writes 2048).</summary>
    private const int MaxIterations = 10_000_000;

    /// <summary>Returns the decrypted PrivateKeyInfo DER (caller clears it), or null when the file uses a scheme
    /// other than PBES2/PBKDF2/AES-CBC. A wrong passphrase throws <see cref="IncorrectPassphraseException"/>.</summary>
    public static byte[]? TryDecrypt(ReadOnlySpan<byte> der, ReadOnlySpan<byte> passphrase)
    {
        byte[] salt, iv, encrypted;
        int iterations, keyLength;
        HashAlgorithmName prf;
        try
        {
            var epki = new AsnReader(der.ToArray(), AsnEncodingRules.BER).ReadSequence();
            var alg = epki.ReadSequence();
            if (alg.ReadObjectIdentifier() != OidPbes2) return null;
            var pbes2 = alg.ReadSequence();
            var kdf = pbes2.ReadSequence();
            if (kdf.ReadObjectIdentifier() != OidPbkdf2) return null;
            var kdfParams = kdf.ReadSequence();
            salt = kdfParams.ReadOctetString();
            if (!kdfParams.TryReadInt32(out iterations) || iterations < 1 || iterations > MaxIterations) return null;
            int declaredKeyLength = -1;
            if (kdfParams.HasData && kdfParams.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
                if (!kdfParams.TryReadInt32(out declaredKeyLength)) return null;
            prf = HashAlgorithmName.SHA1;
            if (kdfParams.HasData)
            {
                var prfAlg = kdfParams.ReadSequence();
                prf = prfAlg.ReadObjectIdentifier() switch
                {
                    "1.2.840.113549.2.7" => HashAlgorithmName.SHA1,
                    "1.2.840.113549.2.9" => HashAlgorithmName.SHA256,
                    "1.2.840.113549.2.10" => HashAlgorithmName.SHA384,
                    "1.2.840.113549.2.11" => HashAlgorithmName.SHA512,
                    _ => default,
                };
                if (prf == default) return null;
            }
            var enc = pbes2.ReadSequence();
            keyLength = enc.ReadObjectIdentifier() switch
            {
                "2.16.840.1.101.3.4.1.2" => 16,
                "2.16.840.1.101.3.4.1.22" => 24,
                "2.16.840.1.101.3.4.1.42" => 32,
                _ => 0,
            };
            if (keyLength == 0 || (declaredKeyLength != -1 && declaredKeyLength != keyLength)) return null;
            iv = enc.ReadOctetString();
            if (iv.Length != 16) return null;
            encrypted = epki.ReadOctetString();
        }
        catch (AsnContentException)
        {
            throw new InvalidKeyFormatException();
        }

        var key = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, prf, keyLength);
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            return aes.DecryptCbc(encrypted, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            throw new IncorrectPassphraseException();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
