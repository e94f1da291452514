using System.Text;
using Braid.Ssh.Keys.Certificates;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Keys;

/// <summary>Parses public keys from their wire blob and from one-line text form ("type base64 [comment]",
/// as in .pub files, authorized_keys without options, and known_hosts after the host field).</summary>
public static class PublicKeyParser
{
    /// <summary>Parses a wire blob. Throws <see cref="SshProtocolException"/> for malformed blobs (for
    /// certificates: <see cref="InvalidCertificateException"/>, also when the CA signature does not verify) and
    /// <see cref="UnsupportedKeyTypeException"/> for types we do not implement.</summary>
    public static PublicKey Parse(ReadOnlySpan<byte> blob)
    {
        var r = new SshReader(blob);
        string type = r.ReadStringUtf8();
        if (CertificateKeyTypes.PlainKeyType(type) is not null) return OpenSshCertificate.Parse(blob);
        PublicKey key = ReadFields(type, ref r);
        r.EnsureEnd($"{type} public key");
        return key;
    }

    /// <summary>Reads the key-specific fields that follow the type name. Shared with the OpenSSH private key
    /// format, whose public blobs and private sections begin the same way.</summary>
    internal static PublicKey ReadFields(string type, ref SshReader r)
    {
        switch (type)
        {
            case KeyTypeNames.Ed25519: return Ed25519PublicKey.ReadFields(ref r);
            case KeyTypeNames.EcdsaNistP256:
            case KeyTypeNames.EcdsaNistP384:
            case KeyTypeNames.EcdsaNistP521: return EcdsaPublicKey.ReadFields(type, ref r);
            case KeyTypeNames.Rsa: return RsaPublicKey.ReadFields(ref r);
        }
        throw UnsupportedKeyTypeException.For(type);
    }

    /// <summary>Tries to parse a blob; false for unknown types or malformed encodings.</summary>
    public static bool TryParse(ReadOnlySpan<byte> blob, out PublicKey? key)
    {
        try { key = Parse(blob); return true; }
        catch (Exception e) when (e is SshProtocolException or SshException) { key = null; return false; }
    }

    /// <summary>The type name a blob starts with, or null if even that cannot be read.</summary>
    public static string? PeekKeyType(ReadOnlySpan<byte> blob)
    {
        try { var r = new SshReader(blob); return r.ReadStringUtf8(); }
        catch (SshProtocolException) { return null; }
    }

    /// <summary>Parses "type base64 [comment]". The comment (possibly with spaces) is returned
    /// trimmed, or null when absent. The type word must match the type inside the blob.</summary>
    public static PublicKey ParseLine(string line, out string? comment)
    {
        string s = line.Trim();
        int sp1 = IndexOfSpace(s, 0);
        if (sp1 < 0) throw new SshException("invalid public key line: expected \"type base64 [comment]\"");
        string type = s[..sp1];
        int start = SkipSpaces(s, sp1);
        int sp2 = IndexOfSpace(s, start);
        string b64 = sp2 < 0 ? s[start..] : s[start..sp2];
        comment = sp2 < 0 ? null : s[SkipSpaces(s, sp2)..].TrimEnd();
        if (comment is { Length: 0 }) comment = null;

        byte[] blob;
        try { blob = Convert.FromBase64String(b64); }
        catch (FormatException) { throw new SshException($"invalid base64 in {type} public key"); }
        string? inner = PeekKeyType(blob);
        if (inner != type)
            throw new SshException($"public key type \"{type}\" does not match its blob (\"{inner}\")");
        // A line is a file's contents, not the peer's: a malformed blob is a bad line (SshException, as
        // PublicKeyFile.Load documents), not a protocol violation. Found by fuzzing.
        try { return Parse(blob); }
        catch (SshProtocolException e) { throw new SshException($"invalid {type} public key: {e.Message}", e); }
    }

    private static int IndexOfSpace(string s, int from)
    {
        for (int i = from; i < s.Length; i++) if (s[i] == ' ' || s[i] == '\t') return i;
        return -1;
    }

    private static int SkipSpaces(string s, int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t')) i++;
        return i;
    }
}

/// <summary>A key type we recognise as SSH but cannot use (security keys and their certificates, DSA) or do not
/// know at all. Message says which, so users see why a key was skipped.</summary>
public sealed class UnsupportedKeyTypeException : SshException
{
    public string KeyType { get; }

    private UnsupportedKeyTypeException(string keyType, string message) : base(message) { KeyType = keyType; }

    internal static UnsupportedKeyTypeException For(string type)
    {
        string safe = Printable(type);
        if (KeyTypeNames.IsCertificate(type))
            return new(type, $"certificates not supported yet (key type {safe})");
        if (KeyTypeNames.IsSecurityKey(type))
            return new(type, $"security key (FIDO) keys not supported yet (key type {safe})");
        if (type == "ssh-dss")
            return new(type, "DSA keys are not supported");
        return new(type, $"unknown key type {safe}");
    }

    private static string Printable(string s)
    {
        var sb = new StringBuilder(Math.Min(s.Length, 64));
        foreach (char c in s.Length > 64 ? s[..64] : s) sb.Append(c >= 0x20 && c < 0x7f ? c : '?');
        return sb.ToString();
    }
}
