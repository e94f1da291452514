using System.Security.Cryptography;
using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;
using Braid.Ssh.Logging;

namespace Braid.Ssh.HostKeys;

/// <summary>What ssh's verify_host_key logs about the server's key before checking it: "Server host key: …",
/// or for a certificate "Server host certificate: … serial N ID "…" CA … valid …" and its principals at debug2.</summary>
public static class HostKeyDescription
{
    public static IEnumerable<(LogLevel Level, string Text)> Lines(PublicKey key)
    {
        string fp = key.Fingerprint(HashAlgorithmName.SHA256);
        if (key is not OpenSshCertificate cert)
        {
            yield return (LogLevel.Debug1, $"Server host key: {key.KeyType} {fp}");
            yield break;
        }
        yield return (LogLevel.Debug1,
            $"Server host certificate: {cert.KeyType} {fp}, serial {cert.Serial} ID \"{cert.KeyId}\" " +
            $"CA {cert.SignatureKey.KeyType} {cert.SignatureKey.Fingerprint(HashAlgorithmName.SHA256)} valid {CertificateValidity.Describe(cert)}");
        foreach (var principal in cert.Principals)
            yield return (LogLevel.Debug2, $"Server host certificate hostname: {principal}");
    }
}
