using System.Buffers.Binary;
using System.Text;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Security;

/// <summary>
/// A passphrase-protected key made for a leak test, and every form in which its secrets could turn up in a
/// log: the passphrase, the body lines of the key file (encrypted and plain), and the raw private scalar in
/// hex and base64. The scalar is read from the plain key before ssh-keygen encrypts the file.
/// </summary>
public sealed class SecretMaterial
{
    public string KeyFile { get; }
    public string Passphrase { get; }
    /// <summary>Name → text that must not appear anywhere in a log.</summary>
    public List<(string Name, string Text)> Needles { get; } = new();

    public SecretMaterial(string dir, string type)
    {
        KeyFile = Path.Combine(dir, $"leak_{type}_{Guid.NewGuid().ToString("N")[..6]}");
        Passphrase = "pp-" + Guid.NewGuid().ToString("N");
        SshdServer.Run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "leak-test", "-f", KeyFile);
        var plain = File.ReadAllText(KeyFile);
        var scalar = PrivateScalar(plain);
        SshdServer.Run("ssh-keygen", "-q", "-p", "-P", "", "-N", Passphrase, "-f", KeyFile);

        AddText("passphrase", Passphrase);
        AddBodyLines("encrypted key file", File.ReadAllText(KeyFile));
        AddBodyLines("plain key file", plain);
        AddBytes($"{type} private scalar", scalar);
    }

    private void AddText(string name, string secret) => Needles.AddRange(TextForms(name, secret));

    /// <summary>A text secret as typed, its bytes in hex (as a packet dump would show them) and base64.</summary>
    public static List<(string Name, string Text)> TextForms(string name, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        var forms = new List<(string Name, string Text)> { (name, secret), (name + " (base64)", Convert.ToBase64String(bytes)) };
        forms.AddRange(HexForms(name, bytes));
        return forms;
    }

    private void AddBodyLines(string name, string pem)
    {
        foreach (var line in pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)))
            Needles.Add((name + " line", line));
    }

    /// <summary>The scalar whole (hex either case, base64, spaced hex) and every 12-byte run of it in hex.</summary>
    private void AddBytes(string name, byte[] secret)
    {
        Needles.AddRange(HexForms(name, secret));
        Needles.Add((name + " (base64)", Convert.ToBase64String(secret)));
        for (int i = 0; i + 12 <= secret.Length; i++)
            Needles.Add(($"{name} bytes {i}..{i + 11} (hex)", Convert.ToHexStringLower(secret, i, 12)));
    }

    private static List<(string Name, string Text)> HexForms(string name, byte[] b) =>
    [
        (name + " (hex)", Convert.ToHexStringLower(b)),
        (name + " (HEX)", Convert.ToHexString(b)),
        (name + " (spaced hex)", string.Join(' ', b.Select(x => x.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)))),
    ];

    /// <summary>The secret part of an unencrypted openssh-key-v1 file: ed25519's 32-byte seed, ECDSA's d.</summary>
    private static byte[] PrivateScalar(string pem)
    {
        var b64 = string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
        var blob = Convert.FromBase64String(b64);
        int pos = "openssh-key-v1\0"u8.Length;
        byte[] Next()
        {
            int len = (int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(pos));
            var s = blob.AsSpan(pos + 4, len).ToArray();
            pos += 4 + len;
            return s;
        }
        Next(); Next(); Next();           // cipher "none", kdf "none", kdf options
        pos += 4;                         // number of keys (1)
        Next();                           // public key blob
        var priv = Next();
        blob = priv;
        pos = 8;                          // two check integers
        var type = Encoding.ASCII.GetString(Next());
        if (type == "ssh-ed25519")
        {
            Next();                       // public point
            return Next()[..32];          // seed || public: the seed is the secret
        }
        if (type.StartsWith("ecdsa-sha2-", StringComparison.Ordinal))
        {
            Next(); Next();               // curve name, public point
            var d = Next();               // mpint: may carry a leading zero byte
            return d.Length > 0 && d[0] == 0 ? d[1..] : d;
        }
        throw new NotSupportedException(type);
    }
}
