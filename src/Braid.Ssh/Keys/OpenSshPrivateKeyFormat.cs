using System.Security.Cryptography;
using System.Text;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Keys;

/// <summary>The openssh-key-v1 format ("-----BEGIN OPENSSH PRIVATE KEY-----", OpenSSH PROTOCOL.key):
/// <code>
/// "openssh-key-v1\0" string ciphername, string kdfname, string kdfoptions, uint32 N=1,
/// string publickey, string encrypted-section [|| GCM tag]
/// encrypted-section = uint32 check1, uint32 check2, (string keytype, key fields, string comment), padding 1,2,3…
/// </code></summary>
internal static class OpenSshPrivateKeyFormat
{
    public const string Label = "OPENSSH PRIVATE KEY";
    private static ReadOnlySpan<byte> AuthMagic => "openssh-key-v1\0"u8;

    /// <summary>Reads the public key stored in clear in the header (no passphrase needed).</summary>
    public static PublicKey ReadPublicKey(ReadOnlySpan<byte> body)
    {
        var header = Header.Read(body);
        return PublicKeyParser.Parse(header.PublicBlob);
    }

    public static bool IsEncrypted(ReadOnlySpan<byte> body) => Header.Read(body).Cipher != "none";

    public static PrivateKey Decode(ReadOnlySpan<byte> body, ReadOnlySpan<byte> passphrase, out string comment)
    {
        var h = Header.Read(body);
        var cipher = OpenSshKeyCipher.Find(h.Cipher) ?? throw new SshException($"unknown cipher {h.Cipher} in private key");
        if (cipher.IsNone != (h.Kdf == "none"))
            throw new InvalidKeyFormatException();
        if (h.Encrypted.Length < cipher.BlockSize || h.Encrypted.Length % cipher.BlockSize != 0)
            throw new InvalidKeyFormatException();

        var plain = new byte[h.Encrypted.Length];
        try
        {
            if (cipher.IsNone)
            {
                h.Encrypted.CopyTo(plain);
            }
            else
            {
                if (h.Kdf != "bcrypt") throw new SshException($"unknown KDF {h.Kdf} in private key");
                if (passphrase.IsEmpty) throw new PassphraseRequiredException();
                DecryptSection(h, cipher, passphrase, plain);
            }
            return ParsePrivateSection(plain, cipher.BlockSize, h.PublicBlob, out comment);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static void DecryptSection(in Header h, OpenSshKeyCipher cipher, ReadOnlySpan<byte> passphrase, Span<byte> plain)
    {
        var kr = new SshReader(h.KdfOptions);
        var salt = kr.ReadString();
        uint rounds = kr.ReadUInt32();
        kr.EnsureEnd("bcrypt KDF options");
        // OpenSSH caps nothing here but ssh-keygen writes 16 by default; refuse absurd values rather than hang.
        if (rounds == 0 || rounds > 1 << 16) throw new InvalidKeyFormatException();

        var keyIv = new byte[cipher.KeyLength + cipher.IvLength];
        try
        {
            BcryptPbkdf.Derive(passphrase, salt, (int)rounds, keyIv);
            cipher.Decrypt(keyIv.AsSpan(0, cipher.KeyLength), keyIv.AsSpan(cipher.KeyLength), h.Encrypted, h.Tag, plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyIv);
        }
    }

    private static PrivateKey ParsePrivateSection(ReadOnlySpan<byte> plain, int blockSize, ReadOnlySpan<byte> publicBlob, out string comment)
    {
        var r = new SshReader(plain);
        uint check1 = r.ReadUInt32(), check2 = r.ReadUInt32();
        // Equal random check words are the only sign a CTR/CBC decryption used the right passphrase.
        if (check1 != check2) throw new IncorrectPassphraseException();

        string type = r.ReadStringUtf8();
        PrivateKey key = ReadPrivateKey(type, ref r);
        try
        {
            comment = r.ReadStringUtf8();
            // Padding is 1, 2, 3, … up to the block size; anything else means corruption.
            int pad = r.Remaining;
            if (pad >= blockSize) throw new InvalidKeyFormatException();
            var padding = r.ReadBytes(pad);
            for (int i = 0; i < pad; i++)
                if (padding[i] != (byte)(i + 1)) throw new InvalidKeyFormatException();
            if (!key.PublicKey.Blob.AsSpan().SequenceEqual(publicBlob)) throw new InvalidKeyFormatException();
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static PrivateKey ReadPrivateKey(string type, ref SshReader r)
    {
        switch (type)
        {
            case KeyTypeNames.Ed25519:
            {
                var pk = r.ReadString();
                var sk = r.ReadString();
                return Ed25519PrivateKey.FromOpenSsh(pk, sk);
            }
            case KeyTypeNames.EcdsaNistP256:
            case KeyTypeNames.EcdsaNistP384:
            case KeyTypeNames.EcdsaNistP521:
            {
                var pub = EcdsaPublicKey.ReadFields(type, ref r);
                var d = r.ReadMPIntUnsigned();
                return EcdsaPrivateKey.Create(pub.Curve, pub, d);
            }
            case KeyTypeNames.Rsa:
            {
                var n = r.ReadMPIntUnsigned();
                var e = r.ReadMPIntUnsigned();
                var d = r.ReadMPIntUnsigned();
                var iqmp = r.ReadMPIntUnsigned();
                var p = r.ReadMPIntUnsigned();
                var q = r.ReadMPIntUnsigned();
                return RsaPrivateKey.FromComponents(n, e, d, iqmp, p, q);
            }
        }
        throw UnsupportedKeyTypeException.For(type);
    }

    private readonly ref struct Header
    {
        public string Cipher { get; init; }
        public string Kdf { get; init; }
        public ReadOnlySpan<byte> KdfOptions { get; init; }
        public ReadOnlySpan<byte> PublicBlob { get; init; }
        public ReadOnlySpan<byte> Encrypted { get; init; }
        public ReadOnlySpan<byte> Tag { get; init; }

        public static Header Read(ReadOnlySpan<byte> body)
        {
            if (!body.StartsWith(AuthMagic)) throw new InvalidKeyFormatException();
            var r = new SshReader(body[AuthMagic.Length..]);
            try
            {
                string cipher = r.ReadStringUtf8();
                string kdf = r.ReadStringUtf8();
                var kdfOptions = r.ReadString();
                uint nkeys = r.ReadUInt32();
                // OpenSSH itself only ever writes and reads one key per file.
                if (nkeys != 1) throw new InvalidKeyFormatException();
                var pub = r.ReadString();
                var enc = r.ReadString();
                int tagLen = OpenSshKeyCipher.Find(cipher)?.TagLength ?? 0;
                var tag = r.ReadBytes(tagLen);
                r.EnsureEnd("openssh-key-v1");
                return new Header { Cipher = cipher, Kdf = kdf, KdfOptions = kdfOptions, PublicBlob = pub, Encrypted = enc, Tag = tag };
            }
            catch (SshProtocolException)
            {
                throw new InvalidKeyFormatException();
            }
        }
    }
}
