namespace Braid.Ssh.Keys.Certificates;

/// <summary>Signs as a certificate with the certified key's signer (a key file or an agent key): the
/// request names the certificate and a certificate algorithm ("rsa-sha2-512-cert-v01@openssh.com"), the
/// signature itself is the plain key's ("rsa-sha2-512"), as ssh makes it.</summary>
public sealed class CertificateSigner(OpenSshCertificate certificate, ISigner keySigner) : ISigner
{
    public PublicKey PublicKey => certificate;
    public string Comment => keySigner.Comment;

    public ValueTask<byte[]> SignAsync(string algorithm, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        => keySigner.SignAsync(CertificateKeyTypes.PlainSignatureAlgorithm(algorithm) ?? algorithm, data, cancellationToken);
}
