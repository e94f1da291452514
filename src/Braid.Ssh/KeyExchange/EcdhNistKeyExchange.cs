using System.Security.Cryptography;
using Braid.Ssh.Wire;

namespace Braid.Ssh.KeyExchange;

/// <summary>ecdh-sha2-nistp256/384/521 (RFC 5656 §4, hash per §6.2.1). Q_C/Q_S are uncompressed SEC1
/// points (0x04 || X || Y); K is the x-coordinate of the shared point as an mpint.</summary>
public sealed class EcdhNistKeyExchange : EphemeralKeyExchange
{
    public const string P256Name = "ecdh-sha2-nistp256";
    public const string P384Name = "ecdh-sha2-nistp384";
    public const string P521Name = "ecdh-sha2-nistp521";

    private readonly ECCurve _curve;
    private readonly int _fieldBytes;

    public EcdhNistKeyExchange(string name) : base(name, HashFor(name))
    {
        (_curve, _fieldBytes) = name switch
        {
            P256Name => (ECCurve.NamedCurves.nistP256, 32),
            P384Name => (ECCurve.NamedCurves.nistP384, 48),
            _ => (ECCurve.NamedCurves.nistP521, 66),
        };
    }

    private static HashAlgorithmName HashFor(string name) => name switch
    {
        P256Name => HashAlgorithmName.SHA256,
        P384Name => HashAlgorithmName.SHA384,
        P521Name => HashAlgorithmName.SHA512,
        _ => throw new ArgumentException($"not an ecdh-sha2-nistp* method name: {name}", nameof(name)),
    };

    private protected override IClientEphemeral CreateEphemeral() => new Ephemeral(this);

    private sealed class Ephemeral : IClientEphemeral
    {
        private readonly EcdhNistKeyExchange _method;
        private readonly ECDiffieHellman _key;

        public Ephemeral(EcdhNistKeyExchange method)
        {
            _method = method;
            _key = ECDiffieHellman.Create(method._curve);
            var q = _key.ExportParameters(false).Q;
            PublicBlob = EncodePoint(q.X!, q.Y!, method._fieldBytes);
        }

        public byte[] PublicBlob { get; }

        public byte[] DeriveEncodedSecret(ReadOnlySpan<byte> serverBlob)
        {
            int n = _method._fieldBytes;
            // Only the uncompressed form is allowed (RFC 5656 §3.1; OpenSSH rejects the rest too).
            if (serverBlob.Length != 1 + 2 * n || serverBlob[0] != 0x04)
                throw new SshProtocolException($"{_method.Name}: server public key is not an uncompressed point on the curve");

            ECDiffieHellman peer;
            try
            {
                // Import makes OpenSSL check the point lies on the curve (RFC 5656 §4 requires the
                // check; an off-curve point is the classic invalid-curve attack).
                peer = ECDiffieHellman.Create(new ECParameters
                {
                    Curve = _method._curve,
                    Q = new ECPoint { X = serverBlob.Slice(1, n).ToArray(), Y = serverBlob.Slice(1 + n, n).ToArray() },
                });
            }
            catch (CryptographicException e)
            {
                throw new SshProtocolException($"{_method.Name}: server public key is not a valid point on the curve", e);
            }

            byte[]? x = null;
            try
            {
                using (peer)
                    x = _key.DeriveRawSecretAgreement(peer.PublicKey);
                using var w = new SshWriter(n + 8);
                w.WriteMPIntUnsigned(x);
                return w.ToArray();
            }
            catch (CryptographicException e)
            {
                throw new SshProtocolException($"{_method.Name}: key agreement with the server's point failed", e);
            }
            finally
            {
                if (x is not null) CryptographicOperations.ZeroMemory(x);
            }
        }

        private static byte[] EncodePoint(byte[] x, byte[] y, int n)
        {
            // ExportParameters already gives field-size coordinates; left-pad defensively anyway.
            var p = new byte[1 + 2 * n];
            p[0] = 0x04;
            x.CopyTo(p.AsSpan(1 + n - x.Length));
            y.CopyTo(p.AsSpan(1 + 2 * n - y.Length));
            return p;
        }

        public void Dispose() => _key.Dispose();
    }
}
