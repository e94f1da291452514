namespace Braid.Ssh.Keys.Certificates;

/// <summary>The fields of a certificate that the CA signs, apart from the CA key (PROTOCOL.certkeys).
/// Defaults are those of ssh-keygen -s without options: valid forever, no options, empty nonce.</summary>
public sealed record CertificateFields(PublicKey Key, CertificateType Type, IReadOnlyList<string> Principals)
{
    public byte[] Nonce { get; init; } = [];
    public ulong Serial { get; init; }
    public string KeyId { get; init; } = "";
    /// <summary>Seconds since the epoch; the certificate is valid from this instant on.</summary>
    public ulong ValidAfter { get; init; }
    /// <summary>Seconds since the epoch; the certificate is no longer valid at this instant.</summary>
    public ulong ValidBefore { get; init; } = OpenSshCertificate.Forever;
    public IReadOnlyList<CertificateOption> CriticalOptions { get; init; } = [];
    public IReadOnlyList<CertificateOption> Extensions { get; init; } = [];
    public byte[] Reserved { get; init; } = [];
}
