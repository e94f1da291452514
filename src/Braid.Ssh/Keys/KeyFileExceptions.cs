namespace Braid.Ssh.Keys;

/// <summary>The passphrase did not decrypt the key. Message is OpenSSH's ssh_err(SSH_ERR_KEY_WRONG_PASSPHRASE).
/// Callers decide whether to prompt again.</summary>
public class IncorrectPassphraseException : SshException
{
    public const string Text = "incorrect passphrase supplied to decrypt private key";
    public IncorrectPassphraseException() : base(Text) { }
}

/// <summary>The key is encrypted and no (or an empty) passphrase was supplied. OpenSSH reports this case with
/// the same error as a wrong passphrase, hence the base class; the distinct type lets a loader know it should
/// prompt rather than report.</summary>
public sealed class PassphraseRequiredException : IncorrectPassphraseException
{
}

/// <summary>The private key file is readable or writable by group/others and owned by us; OpenSSH ignores such
/// keys (authfile.c sshkey_perm_ok). <see cref="Exception.Message"/> is OpenSSH's warning, one line per
/// error() call, to be printed to stderr as-is.</summary>
public sealed class UnprotectedPrivateKeyFileException : SshException
{
    public string Path { get; }
    public int Mode { get; }

    public UnprotectedPrivateKeyFileException(string path, int mode) : base(BuildMessage(path, mode))
    {
        Path = path;
        Mode = mode;
    }

    private static string BuildMessage(string path, int mode) =>
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
        "@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\n" +
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
        $"Permissions 0{Convert.ToString(mode & 0x1ff, 8).PadLeft(3, '0')} for '{path}' are too open.\n" +
        "It is required that your private key files are NOT accessible by others.\n" +
        "This private key will be ignored.";
}

/// <summary>The key file is damaged or not a key. Message is OpenSSH's ssh_err(SSH_ERR_INVALID_FORMAT), printed by
/// ssh as <c>Load key "path": invalid format</c>.</summary>
public sealed class InvalidKeyFormatException : SshException
{
    public const string Text = "invalid format";
    public InvalidKeyFormatException() : base(Text) { }
}
