using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Braid.Ssh.Keys;

/// <summary>The OpenSSL PEM key formats ssh-keygen reads and writes with -m PEM / -m PKCS8:
/// PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY" (both optionally with legacy RFC 1421 encryption,
/// Proc-Type/DEK-Info), PKCS#8 "PRIVATE KEY" and PBES2-encrypted "ENCRYPTED PRIVATE KEY".</summary>
internal static class PemPrivateKeyFormat
{
    public const string Pkcs1Label = "RSA PRIVATE KEY";
    public const string Sec1Label = "EC PRIVATE KEY";
    public const string Pkcs8Label = "PRIVATE KEY";
    public const string EncryptedPkcs8Label = "ENCRYPTED PRIVATE KEY";

    private const string OidRsa = "1.2.840.113549.1.1.1";
    private const string OidEcPublicKey = "1.2.840.10045.2.1";
    private const string OidEd25519 = "1.3.101.112";

    public static bool Handles(string label) => label is Pkcs1Label or Sec1Label or Pkcs8Label or EncryptedPkcs8Label;

    public static bool IsEncrypted(PemArmor pem) =>
        pem.Label == EncryptedPkcs8Label || LegacyPemEncryption.IsEncrypted(pem.Headers);

    public static PrivateKey Decode(PemArmor pem, ReadOnlySpan<byte> passphrase)
    {
        if (IsEncrypted(pem) && passphrase.IsEmpty) throw new PassphraseRequiredException();
        switch (pem.Label)
        {
            case Pkcs1Label:
            case Sec1Label:
            {
                byte[] der = LegacyPemEncryption.IsEncrypted(pem.Headers)
                    ? LegacyPemEncryption.Decrypt(pem.Headers, pem.Body, passphrase)
                    : pem.Body.ToArray();
                try
                {
                    try
                    {
                        return pem.Label == Pkcs1Label ? ImportRsa(r => r.ImportRSAPrivateKey(der, out _)) : ImportEc(e => e.ImportECPrivateKey(der, out _));
                    }
                    catch (CryptographicException) when (LegacyPemEncryption.IsEncrypted(pem.Headers))
                    {
                        // Garbage DER after decryption with a lucky padding byte: the passphrase was wrong.
                        throw new IncorrectPassphraseException();
                    }
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(der);
                }
            }
            case Pkcs8Label:
                return DecodePkcs8(pem.Body);
            case EncryptedPkcs8Label:
            {
                var plain = Pkcs8Pbes2Decryptor.TryDecrypt(pem.Body, passphrase);
                if (plain is not null)
                {
                    try
                    {
                        // Lucky padding with a wrong passphrase leaves garbage that is not DER.
                        try { return DecodePkcs8(plain); }
                        catch (Exception e) when (e is CryptographicException or InvalidKeyFormatException) { throw new IncorrectPassphraseException(); }
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(plain);
                    }
                }
                // Older schemes (PBES1, PKCS#12 3DES…): let .NET decrypt while importing (PKCS#12 wants the
                // password as characters); the algorithm is unknown, try each.
                var chars = new char[System.Text.Encoding.UTF8.GetCharCount(passphrase)];
                try
                {
                    System.Text.Encoding.UTF8.GetChars(passphrase, chars);
                    try { return ImportRsa(r => r.ImportEncryptedPkcs8PrivateKey(chars, pem.Body, out _)); }
                    catch (CryptographicException) { }
                    try { return ImportEc(e => e.ImportEncryptedPkcs8PrivateKey(chars, pem.Body, out _)); }
                    catch (CryptographicException) { }
                    throw new IncorrectPassphraseException();
                }
                finally
                {
                    Array.Clear(chars);
                }
            }
        }
        throw new InvalidKeyFormatException();
    }

    private static PrivateKey DecodePkcs8(byte[] der)
    {
        string oid;
        try
        {
            var seq = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
            seq.ReadInteger();
            oid = seq.ReadSequence().ReadObjectIdentifier();
            if (oid == OidEd25519)
            {
                // PrivateKey OCTET STRING wraps CurvePrivateKey ::= OCTET STRING (RFC 8410 §7).
                var inner = seq.ReadOctetString();
                try
                {
                    var seed = new AsnReader(inner, AsnEncodingRules.BER).ReadOctetString();
                    try { return new Ed25519PrivateKey(seed); }
                    finally { CryptographicOperations.ZeroMemory(seed); }
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(inner);
                }
            }
        }
        catch (AsnContentException)
        {
            throw new InvalidKeyFormatException();
        }
        return oid switch
        {
            OidRsa => ImportRsa(r => r.ImportPkcs8PrivateKey(der, out _)),
            OidEcPublicKey => ImportEc(e => e.ImportPkcs8PrivateKey(der, out _)),
            _ => throw new SshException("unknown or unsupported key type"),
        };
    }

    private static PrivateKey ImportRsa(Action<RSA> import)
    {
        var rsa = RSA.Create();
        try
        {
            import(rsa);
            return new RsaPrivateKey(rsa);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    private static PrivateKey ImportEc(Action<ECDsa> import)
    {
        var ec = ECDsa.Create();
        try
        {
            // Found by fuzzing: a curve OpenSSL does not know (any OID in the DER) makes the importer throw
            // PlatformNotSupportedException; it is the same refusal as a known curve SSH does not use.
            try { import(ec); }
            catch (PlatformNotSupportedException) { throw new SshException("unsupported elliptic curve"); }
            string? curveOid = ec.ExportParameters(false).Curve.Oid?.Value;
            if (curveOid != ECCurve.NamedCurves.nistP256.Oid.Value && curveOid != ECCurve.NamedCurves.nistP384.Oid.Value &&
                curveOid != ECCurve.NamedCurves.nistP521.Oid.Value)
                throw new SshException("unsupported elliptic curve");
            return new EcdsaPrivateKey(ec);
        }
        catch
        {
            ec.Dispose();
            throw;
        }
    }
}
