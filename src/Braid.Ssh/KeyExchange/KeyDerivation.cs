using System.Security.Cryptography;

namespace Braid.Ssh.KeyExchange;

/// <summary>Derives IVs and keys from K and H (RFC 4253 §7.2):
/// K1 = HASH(K || H || X || session_id), K2 = HASH(K || H || K1), K3 = HASH(K || H || K1 || K2), …
/// key = K1 || K2 || … truncated to the length needed. K is passed exactly as KexResult.SharedSecret
/// holds it (mpint or string encoding), since the encoding is part of the hashed bytes.</summary>
public static class KeyDerivation
{
    /// <summary>'A' IV client→server, 'B' IV server→client, 'C'/'D' encryption keys, 'E'/'F' MAC keys.</summary>
    public static byte[] Derive(HashAlgorithmName hash, byte[] encodedK, byte[] H, char letter, byte[] sessionId, int length)
    {
        if (letter is < 'A' or > 'F') throw new ArgumentOutOfRangeException(nameof(letter), "must be 'A'..'F'");
        ArgumentOutOfRangeException.ThrowIfNegative(length);

        int hashLen = KexHashing.SizeInBytes(hash);
        int blocks = Math.Max(1, (length + hashLen - 1) / hashLen);
        // K || H || (X || session_id | K1 || … || Kn-1): the tail grows by one block per round.
        var input = new byte[encodedK.Length + H.Length + Math.Max(1 + sessionId.Length, blocks * hashLen)];
        var output = new byte[blocks * hashLen];
        try
        {
            encodedK.CopyTo(input, 0);
            H.CopyTo(input, encodedK.Length);
            int prefix = encodedK.Length + H.Length;

            input[prefix] = (byte)letter;
            sessionId.CopyTo(input, prefix + 1);
            int inputLength = prefix + 1 + sessionId.Length;

            for (int i = 0; i < blocks; i++)
            {
                if (i > 0)
                {
                    output.AsSpan(0, i * hashLen).CopyTo(input.AsSpan(prefix));
                    inputLength = prefix + i * hashLen;
                }
                byte[] block = KexHashing.Hash(hash, input.AsSpan(0, inputLength));
                block.CopyTo(output, i * hashLen);
                CryptographicOperations.ZeroMemory(block);
            }
            return output.AsSpan(0, length).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(output);
        }
    }
}
