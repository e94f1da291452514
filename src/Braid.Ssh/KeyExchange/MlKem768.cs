using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Braid.Ssh.KeyExchange;

/// <summary>ML-KEM-768 (FIPS 203) via BouncyCastle: public key 1184 bytes, ciphertext 1088, secret 32.</summary>
internal sealed class MlKem768 : PostQuantumKem
{
    public const int PublicKeyBytes = 1184;
    public const int CiphertextBytes = 1088;

    private static readonly SecureRandom Random = new();
    private readonly MLKemPrivateKeyParameters _private;

    public MlKem768()
    {
        var generator = new MLKemKeyPairGenerator();
        generator.Init(new MLKemKeyGenerationParameters(Random, MLKemParameters.ml_kem_768));
        var pair = generator.GenerateKeyPair();
        _private = (MLKemPrivateKeyParameters)pair.Private;
        PublicKey = ((MLKemPublicKeyParameters)pair.Public).GetEncoded();
    }

    public override byte[] PublicKey { get; }
    public override int CiphertextLength => CiphertextBytes;

    public override byte[] Decapsulate(ReadOnlySpan<byte> ciphertext)
    {
        var decapsulator = new MLKemDecapsulator(MLKemParameters.ml_kem_768);
        decapsulator.Init(_private);
        var secret = new byte[decapsulator.SecretLength];
        // ML-KEM decapsulation never fails: a bad ciphertext yields an implicit-rejection secret,
        // which makes K differ from the server's and the host key signature check fail.
        decapsulator.Decapsulate(ciphertext, secret);
        return secret;
    }
}
