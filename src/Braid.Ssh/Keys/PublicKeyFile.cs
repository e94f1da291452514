using System.Text;

namespace Braid.Ssh.Keys;

/// <summary>Public halves of identity files, readable without a passphrase so a key can be offered to the server
/// before it is decrypted (as ssh does with "path.pub").</summary>
public static class PublicKeyFile
{
    /// <summary>Reads "path.pub" (first key line; '#' comments and blank lines skipped). Returns false when missing
    /// or unparsable; an unsupported key type (e.g. a security key) also gives false.</summary>
    public static bool TryLoad(string privateKeyPath, out PublicKey? key, out string? comment)
    {
        key = null; comment = null;
        key = TryLoadFile(privateKeyPath + ".pub", out comment);
        return key is not null;
    }

    /// <summary>The first key in a public key file (a .pub or -cert.pub file) at exactly this path; null when
    /// missing, unreadable, unparsable or unsupported.</summary>
    public static PublicKey? TryLoadFile(string publicKeyPath, out string? comment)
    {
        comment = null;
        if (!File.Exists(publicKeyPath)) return null;
        try
        {
            return Load(publicKeyPath, out comment);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SshException or SshProtocolException)
        {
            comment = null;
            return null;
        }
    }

    /// <summary>Reads a public key file (first key line) and reports why it cannot be used: missing file
    /// (FileNotFoundException), unsupported type such as a security key (<see cref="UnsupportedKeyTypeException"/>),
    /// or a malformed line (<see cref="SshException"/>).</summary>
    public static PublicKey Load(string publicKeyPath, out string? comment)
    {
        if (new FileInfo(publicKeyPath).Length > PrivateKeyFile.MaxFileSize) throw new InvalidKeyFormatException();
        foreach (var raw in File.ReadLines(publicKeyPath, Encoding.UTF8))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            return PublicKeyParser.ParseLine(line, out comment);
        }
        throw new InvalidKeyFormatException();
    }

    public static PublicKey? TryLoad(string privateKeyPath) => TryLoad(privateKeyPath, out var k, out _) ? k : null;

    /// <summary>The public key stored in clear inside an unencrypted or encrypted openssh-key-v1 file (no passphrase
    /// needed); null for PEM formats, whose public half is only available after decryption.</summary>
    public static PublicKey? TryReadFromPrivateKeyFile(ReadOnlySpan<byte> fileContents)
    {
        var pem = PemArmor.TryDecode(fileContents);
        if (pem is null) return null;
        try
        {
            if (pem.Label != OpenSshPrivateKeyFormat.Label) return null;
            return OpenSshPrivateKeyFormat.ReadPublicKey(pem.Body);
        }
        catch (Exception e) when (e is SshException or SshProtocolException)
        {
            return null;
        }
        finally
        {
            pem.Clear();
        }
    }
}
