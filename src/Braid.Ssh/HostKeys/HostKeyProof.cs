using Braid.Ssh.Keys;
using Braid.Ssh.Wire;

namespace Braid.Ssh.HostKeys;

/// <summary>hostkeys-prove-00@openssh.com (PROTOCOL §2.5): the client names the keys it has not seen before;
/// the server answers with one signature per key, in the same order, each over
/// string "hostkeys-prove-00@openssh.com" || string session identifier || string public key blob.</summary>
public static class HostKeyProof
{
    public const string RequestName = "hostkeys-prove-00@openssh.com";
    /// <summary>HOSTKEY_PROOF_RSA_ALGS: what an RSA proof may use when the connection's host key is not RSA.</summary>
    private static readonly string[] RsaProofAlgorithms = [KeyTypeNames.RsaSha2_512, KeyTypeNames.RsaSha2_256];

    /// <summary>The request body: the new keys' blobs as strings.</summary>
    public static byte[] RequestBody(IEnumerable<PublicKey> keys)
    {
        using var w = new SshWriter(1024);
        foreach (var k in keys) w.WriteString(k.Blob);
        return w.ToArray();
    }

    /// <summary>What the server signs with the private half of <paramref name="keyBlob"/>.</summary>
    public static byte[] SignedData(ReadOnlySpan<byte> sessionId, ReadOnlySpan<byte> keyBlob)
    {
        using var w = new SshWriter(64 + sessionId.Length + keyBlob.Length);
        w.WriteString(RequestName).WriteString(sessionId).WriteString(keyBlob);
        return w.ToArray();
    }

    public enum Outcome { Verified, Disregarded, Bad }

    /// <summary>Checks one proof as client_global_hostkeys_prove_confirm does. An RSA key must be signed with
    /// the connection's RSA signature algorithm when the host key is RSA, otherwise with rsa-sha2-512/256
    /// (anything else, e.g. ssh-rsa, is disregarded: the key is not learned, the others still are).</summary>
    /// <param name="negotiatedHostKeyAlgorithm">The host key algorithm of the key exchange.</param>
    public static Outcome Verify(PublicKey key, ReadOnlySpan<byte> sessionId, ReadOnlySpan<byte> signature,
        string? negotiatedHostKeyAlgorithm, out string? signatureAlgorithm)
    {
        signatureAlgorithm = PublicKeyParser.PeekKeyType(signature);
        if (signatureAlgorithm is null) return Outcome.Bad;
        string expected;
        if (key.KeyType == KeyTypeNames.Rsa)
        {
            string? rsaKex = IsRsa(negotiatedHostKeyAlgorithm) ? negotiatedHostKeyAlgorithm : null;
            if (rsaKex is null && !RsaProofAlgorithms.Contains(signatureAlgorithm)) return Outcome.Disregarded;
            expected = rsaKex ?? signatureAlgorithm;
        }
        else expected = key.KeyType;
        return key.Verify(expected, SignedData(sessionId, key.Blob), signature) ? Outcome.Verified : Outcome.Bad;
    }

    private static bool IsRsa(string? algorithm) => algorithm is not null && KeyTypeNames.KeyTypeOfSignatureAlgorithm(algorithm) == KeyTypeNames.Rsa;
}
