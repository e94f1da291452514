using System.Security.Cryptography;
using Braid.Ssh.Wire;

namespace Braid.Ssh.KeyExchange;

/// <summary>curve25519-sha256 and its pre-RFC alias curve25519-sha256@libssh.org (RFC 8731).
/// Q_C/Q_S are raw 32-byte X25519 values; K is the 32-byte X25519 output read as a big-endian
/// unsigned integer and encoded as an mpint (RFC 8731 §3.1).</summary>
public sealed class Curve25519KeyExchange : EphemeralKeyExchange
{
    public const string RfcName = "curve25519-sha256";
    public const string LibsshName = "curve25519-sha256@libssh.org";

    public Curve25519KeyExchange(string name = RfcName) : base(Validate(name), HashAlgorithmName.SHA256) { }

    private static string Validate(string name) => name is RfcName or LibsshName
        ? name
        : throw new ArgumentException($"not a curve25519 method name: {name}", nameof(name));

    private protected override IClientEphemeral CreateEphemeral() => new Ephemeral(Name);

    private sealed class Ephemeral(string method) : IClientEphemeral
    {
        private readonly X25519KeyPair _keys = new();

        public byte[] PublicBlob => _keys.PublicKey;

        public byte[] DeriveEncodedSecret(ReadOnlySpan<byte> serverBlob)
        {
            byte[] shared = _keys.Agree(serverBlob, method);
            try
            {
                using var w = new SshWriter(40);
                w.WriteMPIntUnsigned(shared);
                return w.ToArray();
            }
            finally { CryptographicOperations.ZeroMemory(shared); }
        }

        public void Dispose() => _keys.Dispose();
    }
}
