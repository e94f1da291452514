using System.Security.Cryptography;
using System.Text;
using Braid.Ssh.Keys;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Tests.Keys;

/// <summary>OpenSSH's SSHSIG format (PROTOCOL.sshsig), used to cross-check signatures with ssh-keygen -Y.</summary>
internal static class Sshsig
{
    private static ReadOnlySpan<byte> Magic => "SSHSIG"u8;

    /// <summary>The blob that is actually signed: MAGIC, string namespace, string reserved, string hash_alg, string H(msg).</summary>
    public static byte[] SignedData(string ns, byte[] message, string hashAlg = "sha512")
    {
        byte[] h = hashAlg == "sha512" ? SHA512.HashData(message) : SHA256.HashData(message);
        using var w = new SshWriter();
        w.WriteRaw(Magic).WriteString(ns).WriteString("").WriteString(hashAlg).WriteString(h);
        return w.ToArray();
    }

    public static string Armor(byte[] publicBlob, string ns, byte[] signature, string hashAlg = "sha512")
    {
        using var w = new SshWriter();
        w.WriteRaw(Magic).WriteUInt32(1).WriteString(publicBlob).WriteString(ns).WriteString("").WriteString(hashAlg).WriteString(signature);
        var b64 = Convert.ToBase64String(w.ToArray());
        var sb = new StringBuilder("-----BEGIN SSH SIGNATURE-----\n");
        for (int i = 0; i < b64.Length; i += 70) sb.Append(b64, i, Math.Min(70, b64.Length - i)).Append('\n');
        return sb.Append("-----END SSH SIGNATURE-----\n").ToString();
    }

    public sealed record Parsed(byte[] PublicBlob, string Namespace, string HashAlg, byte[] Signature);

    public static Parsed Parse(string armored)
    {
        var b64 = string.Concat(armored.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----")).Select(l => l.Trim()));
        var blob = Convert.FromBase64String(b64);
        Assert.True(blob.AsSpan().StartsWith(Magic));
        var r = new SshReader(blob.AsSpan(6));
        Assert.Equal(1u, r.ReadUInt32());
        var pub = r.ReadString().ToArray();
        var ns = r.ReadStringUtf8();
        r.ReadString();
        var hash = r.ReadStringUtf8();
        var sig = r.ReadString().ToArray();
        return new Parsed(pub, ns, hash, sig);
    }

    /// <summary>Signs with our key and has ssh-keygen -Y check-novalidate verify it. Returns ssh-keygen's result.</summary>
    public static OpenSshTool.Result SignAndCheckWithOpenSsh(PrivateKey key, string algorithm, string dir)
    {
        var message = Encoding.UTF8.GetBytes("braid message " + Guid.NewGuid());
        var sig = key.Sign(algorithm, SignedData("test", message));
        return CheckWithOpenSsh(key.PublicKey, sig, message, dir);
    }

    public static OpenSshTool.Result CheckWithOpenSsh(PublicKey pub, byte[] sig, byte[] message, string dir)
    {
        var sigPath = Path.Combine(dir, "sig-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(sigPath, Armor(pub.Blob, "test", sig));
        try
        {
            return OpenSshTool.Run("ssh-keygen", ["-Y", "check-novalidate", "-n", "test", "-s", sigPath], Encoding.UTF8.GetString(message));
        }
        finally
        {
            File.Delete(sigPath);
        }
    }
}
