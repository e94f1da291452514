namespace Braid.Ssh.Keys.Certificates;

/// <summary>The certificate's "type" field (PROTOCOL.certkeys): whom the certified key belongs to.</summary>
public enum CertificateType : uint
{
    User = 1,
    Host = 2,
}
