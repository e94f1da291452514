using System.Security.Cryptography;
using System.Text;

namespace Braid.Ssh.HostKeys;

/// <summary>A HashKnownHosts name: "|1|base64(salt)|base64(HMAC-SHA1(key=salt, host))" (hostfile.c host_hash).
/// The salt is exactly 20 bytes, like OpenSSH requires when reading.</summary>
public sealed class HashedHostName
{
    public const string Magic = "|1|";
    private const int SaltLength = 20; // SHA-1 HMAC size; extract_salt rejects anything else

    private readonly byte[] _salt;
    private readonly string _encoded;

    private HashedHostName(byte[] salt, string encoded) { _salt = salt; _encoded = encoded; }

    /// <summary>The text as it appears in the file.</summary>
    public override string ToString() => _encoded;

    /// <summary>Parses a hosts field starting with '|'. Null when the magic or salt is malformed;
    /// OpenSSH then treats the whole line as invalid.</summary>
    public static HashedHostName? TryParse(string field)
    {
        if (!field.StartsWith(Magic, StringComparison.Ordinal)) return null;
        var rest = field.AsSpan(Magic.Length);
        int bar = rest.IndexOf('|');
        if (bar <= 0 || bar > 1024) return null;
        var salt = new byte[(bar * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(rest[..bar], salt, out int n) || n != SaltLength) return null;
        return new HashedHostName(salt[..n], field);
    }

    /// <summary>match_maybe_hashed: recompute with this salt and compare the encoded strings exactly.</summary>
    public bool Matches(string host) => string.Equals(Encode(_salt, host), _encoded, StringComparison.Ordinal);

    /// <summary>Hashes a host with a fresh random salt, as written by HashKnownHosts=yes.</summary>
    public static string Create(string host) => Encode(RandomNumberGenerator.GetBytes(SaltLength), host);

    internal static string Encode(byte[] salt, string host)
    {
        var mac = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(host));
        return Magic + Convert.ToBase64String(salt) + "|" + Convert.ToBase64String(mac);
    }
}
