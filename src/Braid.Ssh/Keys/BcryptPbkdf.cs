using System.Security.Cryptography;

namespace Braid.Ssh.Keys;

/// <summary>bcrypt_pbkdf as in OpenSSH's openbsd-compat/bcrypt_pbkdf.c: the KDF of openssh-key-v1 files
/// ("kdfname bcrypt"). PBKDF2-like over SHA-512 with a bcrypt-based inner hash, and a non-linear
/// (strided) placement of output bytes.</summary>
internal static class BcryptPbkdf
{
    private const int Words = 8;
    private const int HashSize = Words * 4; // 32
    // The bcrypt "ciphertext" constant.
    private static ReadOnlySpan<byte> Magic => "OxychromaticBlowfishSwatDynamite"u8;

    public static void Derive(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int rounds, Span<byte> key)
    {
        if (rounds < 1 || password.Length == 0 || salt.Length == 0 || key.Length == 0 ||
            key.Length > HashSize * HashSize || salt.Length > 1 << 20)
            throw new ArgumentException("bcrypt_pbkdf: invalid parameters");

        int stride = (key.Length + HashSize - 1) / HashSize;
        int amt = (key.Length + stride - 1) / stride;
        int keyLeft = key.Length;

        Span<byte> sha2pass = stackalloc byte[64];
        Span<byte> sha2salt = stackalloc byte[64];
        Span<byte> output = stackalloc byte[HashSize];
        Span<byte> tmpout = stackalloc byte[HashSize];
        Span<byte> countsalt = stackalloc byte[4];
        var bf = new Eksblowfish();
        try
        {
            SHA512.HashData(password, sha2pass);
            for (uint count = 1; keyLeft > 0; count++)
            {
                countsalt[0] = (byte)(count >> 24); countsalt[1] = (byte)(count >> 16);
                countsalt[2] = (byte)(count >> 8); countsalt[3] = (byte)count;

                using (var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA512))
                {
                    h.AppendData(salt);
                    h.AppendData(countsalt);
                    h.GetHashAndReset(sha2salt);
                }
                Hash(bf, sha2pass, sha2salt, tmpout);
                tmpout.CopyTo(output);

                for (int i = 1; i < rounds; i++)
                {
                    SHA512.HashData(tmpout, sha2salt);
                    Hash(bf, sha2pass, sha2salt, tmpout);
                    for (int j = 0; j < HashSize; j++) output[j] ^= tmpout[j];
                }

                // pbkdf2 deviation: spread each block's bytes across the key with the stride.
                amt = Math.Min(amt, keyLeft);
                int k;
                for (k = 0; k < amt; k++)
                {
                    int dest = k * stride + (int)(count - 1);
                    if (dest >= key.Length) break;
                    key[dest] = output[k];
                }
                keyLeft -= k;
            }
        }
        finally
        {
            bf.Clear();
            CryptographicOperations.ZeroMemory(sha2pass);
            CryptographicOperations.ZeroMemory(sha2salt);
            CryptographicOperations.ZeroMemory(output);
            CryptographicOperations.ZeroMemory(tmpout);
        }
    }

    /// <summary>bcrypt_hash: eksblowfish keyed by (salt, password) with 64 rounds of expansion, then 64
    /// encryptions of the magic string; output words little-endian.</summary>
    private static void Hash(Eksblowfish bf, ReadOnlySpan<byte> sha2pass, ReadOnlySpan<byte> sha2salt, Span<byte> result)
    {
        bf.Reset();
        bf.ExpandState(sha2salt, sha2pass);
        for (int i = 0; i < 64; i++)
        {
            bf.Expand0State(sha2salt);
            bf.Expand0State(sha2pass);
        }
        Span<uint> cdata = stackalloc uint[Words];
        int j = 0;
        for (int i = 0; i < Words; i++) cdata[i] = Eksblowfish.ReadWord(Magic, ref j);
        for (int i = 0; i < 64; i++)
            for (int b = 0; b < Words; b += 2)
                bf.Encipher(ref cdata[b], ref cdata[b + 1]);
        for (int i = 0; i < Words; i++)
        {
            result[4 * i + 3] = (byte)(cdata[i] >> 24);
            result[4 * i + 2] = (byte)(cdata[i] >> 16);
            result[4 * i + 1] = (byte)(cdata[i] >> 8);
            result[4 * i + 0] = (byte)cdata[i];
        }
        cdata.Clear();
    }
}
