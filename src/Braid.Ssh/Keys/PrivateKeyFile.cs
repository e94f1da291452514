using System.Security.Cryptography;

namespace Braid.Ssh.Keys;

/// <summary>Loads private key files the way ssh does (authfile.c / sshconnect2.c load_identity_file):
/// permission check first, then an attempt without passphrase, then prompting.</summary>
public static class PrivateKeyFile
{
    /// <summary>Largest key file accepted (OpenSSH's MAX_KEY_FILE_SIZE is 1 MiB).</summary>
    public const int MaxFileSize = 1024 * 1024;

    /// <summary>OpenSSH's prompt text; the path is cut to 100 characters as in "%.100s".</summary>
    public static string PassphrasePrompt(string path) =>
        $"Enter passphrase for key '{(path.Length > 100 ? path[..100] : path)}': ";

    /// <summary>
    /// Loads a private key. Throws <see cref="UnprotectedPrivateKeyFileException"/> for a key file open to
    /// group/others, <see cref="FileNotFoundException"/> when missing. If the key is encrypted the provider is
    /// asked (with <see cref="PassphrasePrompt"/>) up to <paramref name="passphrasePrompts"/> times (ssh's
    /// NumberOfPasswordPrompts, default 3); a null or empty answer stops and throws
    /// <see cref="PassphraseRequiredException"/>, and exhausted attempts throw
    /// <see cref="IncorrectPassphraseException"/>. Other failures are <see cref="SshException"/>
    /// ("invalid format", unsupported type), for the caller to print as <c>Load key "path": message</c>.
    /// </summary>
    public static PrivateKey Load(string path, Func<string, Secret?> passphraseProvider, int passphrasePrompts = 3) =>
        Load(path, passphraseProvider, out _, passphrasePrompts);

    /// <remarks>Each passphrase the provider returns is disposed (zeroed) here once tried.</remarks>
    public static PrivateKey Load(string path, Func<string, Secret?> passphraseProvider, out string comment, int passphrasePrompts = 3)
    {
        byte[] contents = ReadChecked(path);
        try
        {
            try
            {
                return Parse(contents, ReadOnlySpan<byte>.Empty, out comment);
            }
            catch (PassphraseRequiredException)
            {
            }
            for (int i = 0; i < passphrasePrompts; i++)
            {
                using var pass = passphraseProvider(PassphrasePrompt(path));
                if (pass == null || pass.IsEmpty) throw new PassphraseRequiredException();
                try
                {
                    return Parse(contents, pass.Span, out comment);
                }
                catch (IncorrectPassphraseException) when (i + 1 < passphrasePrompts)
                {
                }
            }
            throw new IncorrectPassphraseException();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contents);
        }
    }

    /// <summary>Reads the file after the sshkey_perm_ok check, with a size bound.</summary>
    internal static byte[] ReadChecked(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        KeyFilePermissions.EnsurePrivate(fs, path);
        if (fs.Length > MaxFileSize) throw new InvalidKeyFormatException();
        var buf = new byte[fs.Length];
        fs.ReadExactly(buf);
        return buf;
    }

    /// <summary>Parses key file contents. Throws <see cref="PassphraseRequiredException"/> if encrypted and no
    /// passphrase was given, <see cref="IncorrectPassphraseException"/> if it does not decrypt.</summary>
    public static PrivateKey Parse(ReadOnlySpan<byte> fileContents, string? passphrase) => Parse(fileContents, passphrase, out _);

    /// <summary>A convenience for callers holding the passphrase as a string (which cannot be wiped).</summary>
    public static PrivateKey Parse(ReadOnlySpan<byte> fileContents, string? passphrase, out string comment)
    {
        using var secret = Secret.FromString(passphrase ?? "");
        return Parse(fileContents, secret.Span, out comment);
    }

    /// <summary>Parses with the passphrase as UTF-8 bytes; empty means none.</summary>
    public static PrivateKey Parse(ReadOnlySpan<byte> fileContents, ReadOnlySpan<byte> passphrase, out string comment)
    {
        comment = "";
        var pem = PemArmor.TryDecode(fileContents) ?? throw new InvalidKeyFormatException();
        try
        {
            if (pem.Label == OpenSshPrivateKeyFormat.Label)
            {
                try { return OpenSshPrivateKeyFormat.Decode(pem.Body, passphrase, out comment); }
                catch (SshProtocolException) { throw new InvalidKeyFormatException(); }
            }
            if (PemPrivateKeyFormat.Handles(pem.Label))
            {
                // .NET's importers report malformed DER as CryptographicException.
                try { return PemPrivateKeyFormat.Decode(pem, passphrase); }
                catch (CryptographicException) { throw new InvalidKeyFormatException(); }
            }
            throw new InvalidKeyFormatException();
        }
        finally
        {
            pem.Clear();
        }
    }

    /// <summary>True if the contents are an encrypted key (a passphrase will be needed).</summary>
    public static bool IsEncrypted(ReadOnlySpan<byte> fileContents)
    {
        var pem = PemArmor.TryDecode(fileContents);
        if (pem is null) return false;
        try
        {
            if (pem.Label == OpenSshPrivateKeyFormat.Label)
            {
                try { return OpenSshPrivateKeyFormat.IsEncrypted(pem.Body); }
                catch (SshException) { return false; }
            }
            return PemPrivateKeyFormat.Handles(pem.Label) && PemPrivateKeyFormat.IsEncrypted(pem);
        }
        finally
        {
            pem.Clear();
        }
    }
}
