namespace Braid.Ssh.Keys.Certificates;

/// <summary>A certificate blob that cannot be used: malformed, of unknown type, with an unusable CA key,
/// or whose CA signature does not verify. OpenSSH refuses such blobs when it decodes them (cert_parse),
/// before any trust decision, and so does Braid.</summary>
public sealed class InvalidCertificateException : SshProtocolException
{
    /// <summary>True when the blob was well formed but the CA signature did not verify.</summary>
    public bool BadSignature { get; }

    public InvalidCertificateException(string message, bool badSignature = false) : base(message) { BadSignature = badSignature; }
    public InvalidCertificateException(string message, Exception inner) : base(message, inner) { }
}
