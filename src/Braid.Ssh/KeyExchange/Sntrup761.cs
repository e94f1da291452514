using Org.BouncyCastle.Pqc.Crypto.NtruPrime;
using Org.BouncyCastle.Security;

namespace Braid.Ssh.KeyExchange;

/// <summary>Streamlined NTRU Prime sntrup761 via BouncyCastle: public key 1158 bytes, ciphertext 1039,
/// secret 32. Key generation and decapsulation take ~18 ms each in BC, the slowest part of any kex.</summary>
internal sealed class Sntrup761 : PostQuantumKem
{
    public const int PublicKeyBytes = 1158;
    public const int CiphertextBytes = 1039;

    private static readonly SecureRandom Random = new();
    private readonly SNtruPrimePrivateKeyParameters _private;

    public Sntrup761()
    {
        var generator = new SNtruPrimeKeyPairGenerator();
        generator.Init(new SNtruPrimeKeyGenerationParameters(Random, SNtruPrimeParameters.sntrup761));
        var pair = generator.GenerateKeyPair();
        _private = (SNtruPrimePrivateKeyParameters)pair.Private;
        PublicKey = ((SNtruPrimePublicKeyParameters)pair.Public).GetEncoded();
    }

    public override byte[] PublicKey { get; }
    public override int CiphertextLength => CiphertextBytes;

    public override byte[] Decapsulate(ReadOnlySpan<byte> ciphertext) =>
        // Like ML-KEM, a forged ciphertext gives a wrong (not an error) secret; the signature catches it.
        new SNtruPrimeKemExtractor(_private).ExtractSecret(ciphertext.ToArray());
}
