using System.Security.Cryptography;
using Braid.Ssh.Wire;

namespace Braid.Ssh.KeyExchange;

/// <summary>The OpenSSH hybrid methods mlkem768x25519-sha256 and sntrup761x25519-sha512(@openssh.com),
/// byte for byte as kexmlkem768x25519.c / kexsntrup761x25519.c:
/// C_INIT = PQ public key || X25519 public (32); S_REPLY = PQ ciphertext || X25519 public (32);
/// K = HASH(PQ secret || raw X25519 secret), sent on as an SSH string (not an mpint).
/// The messages and H are the ECDH ones (numbers 30/31, C_INIT and S_REPLY as strings).</summary>
public sealed class HybridKemKeyExchange : EphemeralKeyExchange
{
    public const string MlKem768X25519Name = "mlkem768x25519-sha256";
    public const string Sntrup761X25519Name = "sntrup761x25519-sha512";
    public const string Sntrup761X25519OpenSshName = "sntrup761x25519-sha512@openssh.com";

    private readonly Func<PostQuantumKem> _createKem;

    public HybridKemKeyExchange(string name) : base(name, HashFor(name))
    {
        _createKem = name == MlKem768X25519Name ? () => new MlKem768() : () => new Sntrup761();
    }

    private static HashAlgorithmName HashFor(string name) => name switch
    {
        MlKem768X25519Name => HashAlgorithmName.SHA256,
        Sntrup761X25519Name or Sntrup761X25519OpenSshName => HashAlgorithmName.SHA512,
        _ => throw new ArgumentException($"not a hybrid post-quantum method name: {name}", nameof(name)),
    };

    private protected override IClientEphemeral CreateEphemeral() => new Ephemeral(this, _createKem());

    private sealed class Ephemeral : IClientEphemeral
    {
        private readonly HybridKemKeyExchange _method;
        private readonly PostQuantumKem _kem;
        private readonly X25519KeyPair _x25519 = new();

        public Ephemeral(HybridKemKeyExchange method, PostQuantumKem kem)
        {
            _method = method;
            _kem = kem;
            PublicBlob = [.. kem.PublicKey, .. _x25519.PublicKey];
        }

        public byte[] PublicBlob { get; }

        public byte[] DeriveEncodedSecret(ReadOnlySpan<byte> serverBlob)
        {
            int ctLen = _kem.CiphertextLength;
            if (serverBlob.Length != ctLen + X25519KeyPair.Size)
                throw new SshProtocolException(
                    $"{_method.Name}: server reply is {serverBlob.Length} bytes, expected {ctLen} ciphertext + {X25519KeyPair.Size} X25519");

            byte[] classical = _x25519.Agree(serverBlob[ctLen..], _method.Name);
            byte[] postQuantum = _kem.Decapsulate(serverBlob[..ctLen]);
            byte[] both = [.. postQuantum, .. classical];
            byte[] hash = KexHashing.Hash(_method.Hash, both);
            try
            {
                using var w = new SshWriter(hash.Length + 4);
                w.WriteString(hash);
                return w.ToArray();
            }
            finally
            {
                CryptographicOperations.ZeroMemory(classical);
                CryptographicOperations.ZeroMemory(postQuantum);
                CryptographicOperations.ZeroMemory(both);
                CryptographicOperations.ZeroMemory(hash);
            }
        }

        public void Dispose()
        {
            _x25519.Dispose();
            _kem.Dispose();
        }
    }
}
