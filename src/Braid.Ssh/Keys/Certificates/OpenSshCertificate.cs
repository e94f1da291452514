using Braid.Ssh.Wire;

namespace Braid.Ssh.Keys.Certificates;

/// <summary>
/// An OpenSSH certificate (PROTOCOL.certkeys): a public key plus the fields a CA signed over it.
/// Blob = string cert type, string nonce, key fields, uint64 serial, uint32 type, string key id,
/// string principals, uint64 valid after, uint64 valid before, string critical options,
/// string extensions, string reserved, string CA key, string signature. The signature covers
/// everything before it. As OpenSSH's cert_parse does, <see cref="Parse"/> verifies that signature,
/// so an instance always holds a certificate its CA really signed; whether that CA is trusted, and
/// for what, is for the caller (<see cref="CertificateAuthorityCheck"/>).
/// </summary>
public sealed class OpenSshCertificate : PublicKey
{
    /// <summary>OpenSSH's SSHKEY_CERT_MAX_PRINCIPALS.</summary>
    public const int MaxPrincipals = 256;
    /// <summary>valid before = this means "no end".</summary>
    public const ulong Forever = ulong.MaxValue;

    private readonly byte[] _blob;
    private readonly string[] _algorithms;

    private OpenSshCertificate(byte[] blob, CertificateFields fields, PublicKey signatureKey, byte[] signature, string signatureAlgorithm)
    {
        _blob = blob;
        Fields = fields;
        SignatureKey = signatureKey;
        Signature = signature;
        SignatureAlgorithm = signatureAlgorithm;
        _algorithms = fields.Key.SignatureAlgorithms.Select(CertificateKeyTypes.CertificateSignatureAlgorithm).ToArray();
    }

    /// <summary>Everything the CA signed except the CA key itself.</summary>
    public CertificateFields Fields { get; }
    /// <summary>The certified (plain) key; the holder of its private half signs as this certificate.</summary>
    public PublicKey Key => Fields.Key;
    public CertificateType Type => Fields.Type;
    public ulong Serial => Fields.Serial;
    public string KeyId => Fields.KeyId;
    public IReadOnlyList<string> Principals => Fields.Principals;
    public ulong ValidAfter => Fields.ValidAfter;
    public ulong ValidBefore => Fields.ValidBefore;
    public IReadOnlyList<CertificateOption> CriticalOptions => Fields.CriticalOptions;
    public IReadOnlyList<CertificateOption> Extensions => Fields.Extensions;
    /// <summary>The CA's public key.</summary>
    public PublicKey SignatureKey { get; }
    /// <summary>The CA's signature blob (string algorithm, string signature).</summary>
    public byte[] Signature { get; }
    /// <summary>The algorithm the CA signed with, e.g. "rsa-sha2-512" (checked against CASignatureAlgorithms).</summary>
    public string SignatureAlgorithm { get; }

    public override string KeyType => CertificateKeyTypes.CertificateKeyType(Key.KeyType);
    public override byte[] Blob => (byte[])_blob.Clone();
    public override int Bits => Key.Bits;
    /// <summary>The certified key's algorithms under their certificate names ("rsa-sha2-512-cert-v01@openssh.com", …).</summary>
    public override IReadOnlyList<string> SignatureAlgorithms => _algorithms;

    public override string Fingerprint(System.Security.Cryptography.HashAlgorithmName hash) => Key.Fingerprint(hash);

    /// <summary>A signature by the certified key. <paramref name="expectedAlgorithm"/> is a certificate algorithm
    /// name; the signature blob itself carries the plain name ("rsa-sha2-512"), as OpenSSH makes it.</summary>
    public override bool Verify(string expectedAlgorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureBlob)
    {
        string? plain = CertificateKeyTypes.PlainSignatureAlgorithm(expectedAlgorithm);
        if (plain is null || KeyTypeNames.KeyTypeOfSignatureAlgorithm(plain) != Key.KeyType) return false;
        return Key.Verify(plain, data, signatureBlob);
    }

    /// <summary>Decodes a certificate blob and verifies its CA signature. Throws
    /// <see cref="InvalidCertificateException"/> for anything wrong with it.</summary>
    public static OpenSshCertificate Parse(ReadOnlySpan<byte> blob)
    {
        try
        {
            var r = new SshReader(blob);
            string type = r.ReadStringUtf8();
            string plainType = CertificateKeyTypes.PlainKeyType(type)
                ?? throw new InvalidCertificateException($"unsupported certificate type {KeyTypeNames.DisplayName(type)}");
            byte[] nonce = r.ReadString().ToArray();
            PublicKey key = PublicKeyParser.ReadFields(plainType, ref r);
            ulong serial = r.ReadUInt64();
            uint certType = r.ReadUInt32();
            string keyId = ReadCString(ref r, "key id");
            var principals = ReadPrincipals(r.ReadString());
            ulong validAfter = r.ReadUInt64();
            ulong validBefore = r.ReadUInt64();
            var critical = ReadOptions(r.ReadString(), "critical options");
            var extensions = ReadOptions(r.ReadString(), "extensions");
            byte[] reserved = r.ReadString().ToArray();
            var caBlob = r.ReadString();
            int signedLength = r.Position;
            byte[] signature = r.ReadString().ToArray();
            r.EnsureEnd("certificate");

            if (certType != (uint)CertificateType.User && certType != (uint)CertificateType.Host)
                throw new InvalidCertificateException($"unknown certificate type {certType}");
            var ca = ReadCaKey(caBlob);
            if (!SignatureBlob.TryParse(signature, out var sigAlg, out _) || !ca.SignatureAlgorithms.Contains(sigAlg))
                throw new InvalidCertificateException("certificate signature is malformed or of the wrong type", badSignature: true);
            if (!ca.Verify(sigAlg, blob[..signedLength], signature))
                throw new InvalidCertificateException("certificate signature does not verify", badSignature: true);

            var fields = new CertificateFields(key, (CertificateType)certType, principals)
            {
                Nonce = nonce,
                Serial = serial,
                KeyId = keyId,
                ValidAfter = validAfter,
                ValidBefore = validBefore,
                CriticalOptions = critical,
                Extensions = extensions,
                Reserved = reserved,
            };
            return new OpenSshCertificate(blob.ToArray(), fields, ca, signature, sigAlg);
        }
        catch (InvalidCertificateException) { throw; }
        catch (Exception e) when (e is SshProtocolException or SshException)
        {
            // Truncation, bad UTF-8, a bad embedded key: all "invalid certificate" to the caller.
            throw new InvalidCertificateException("invalid certificate: " + e.Message, e);
        }
    }

    /// <summary>The bytes a CA signs for these fields: the certificate blob up to (not including) the signature.</summary>
    public static byte[] ToBeSigned(CertificateFields fields, PublicKey ca)
    {
        if (KeyTypeNames.IsCertificate(ca.KeyType)) throw new ArgumentException("a CA key cannot be a certificate", nameof(ca));
        if (KeyTypeNames.IsCertificate(fields.Key.KeyType)) throw new ArgumentException("cannot certify a certificate", nameof(fields));
        using var w = new SshWriter(1024);
        w.WriteString(CertificateKeyTypes.CertificateKeyType(fields.Key.KeyType)).WriteString(fields.Nonce);
        w.WriteRaw(KeyFieldsOf(fields.Key.Blob));
        w.WriteUInt64(fields.Serial).WriteUInt32((uint)fields.Type).WriteString(fields.KeyId);
        using (var p = new SshWriter())
        {
            foreach (var name in fields.Principals) p.WriteString(name);
            w.WriteString(p.WrittenSpan);
        }
        w.WriteUInt64(fields.ValidAfter).WriteUInt64(fields.ValidBefore);
        w.WriteString(EncodeOptions(fields.CriticalOptions)).WriteString(EncodeOptions(fields.Extensions));
        w.WriteString(fields.Reserved).WriteString(ca.Blob);
        return w.ToArray();
    }

    /// <summary>Serializes a signed certificate: <paramref name="toBeSigned"/> (from <see cref="ToBeSigned"/>)
    /// followed by the CA's signature blob over it.</summary>
    public static byte[] Assemble(ReadOnlySpan<byte> toBeSigned, ReadOnlySpan<byte> signature)
    {
        using var w = new SshWriter(toBeSigned.Length + signature.Length + 4);
        w.WriteRaw(toBeSigned).WriteString(signature);
        return w.ToArray();
    }

    /// <summary>Signs <paramref name="fields"/> with a CA private key, as ssh-keygen -s does.</summary>
    public static OpenSshCertificate Sign(CertificateFields fields, PrivateKey ca, string? algorithm = null)
    {
        var tbs = ToBeSigned(fields, ca.PublicKey);
        var sig = ca.Sign(algorithm ?? KeyTypeNames.DefaultSignatureAlgorithm(ca.PublicKey.KeyType), tbs);
        return Parse(Assemble(tbs, sig));
    }

    private static ReadOnlySpan<byte> KeyFieldsOf(byte[] plainBlob)
    {
        var r = new SshReader(plainBlob);
        r.ReadString();
        return r.RemainingSpan;
    }

    private static PublicKey ReadCaKey(ReadOnlySpan<byte> caBlob)
    {
        string? caType = PublicKeyParser.PeekKeyType(caBlob);
        if (caType is null || KeyTypeNames.IsCertificate(caType))
            throw new InvalidCertificateException("certificate CA key is missing or is itself a certificate");
        try { return PublicKeyParser.Parse(caBlob); }
        catch (Exception e) when (e is SshProtocolException or SshException)
        {
            throw new InvalidCertificateException("invalid certificate CA key: " + e.Message, e);
        }
    }

    /// <summary>sshbuf_get_cstring: UTF-8 text without embedded NULs.</summary>
    private static string ReadCString(ref SshReader r, string what)
    {
        string s = r.ReadStringUtf8();
        if (s.Contains('\0')) throw new InvalidCertificateException($"certificate {what} holds a NUL byte");
        return s;
    }

    private static string[] ReadPrincipals(ReadOnlySpan<byte> section)
    {
        var list = new List<string>();
        var r = new SshReader(section);
        while (!r.AtEnd)
        {
            if (list.Count >= MaxPrincipals) throw new InvalidCertificateException($"certificate lists more than {MaxPrincipals} principals");
            list.Add(ReadCString(ref r, "principal"));
        }
        return list.ToArray();
    }

    private static CertificateOption[] ReadOptions(ReadOnlySpan<byte> section, string what)
    {
        var list = new List<CertificateOption>();
        var r = new SshReader(section);
        while (!r.AtEnd)
        {
            string name = ReadCString(ref r, what);
            list.Add(new CertificateOption(name, r.ReadString().ToArray()));
        }
        return list.ToArray();
    }

    private static byte[] EncodeOptions(IReadOnlyList<CertificateOption> options)
    {
        using var w = new SshWriter();
        foreach (var o in options) w.WriteString(o.Name).WriteString(o.Data);
        return w.ToArray();
    }
}
