using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Braid.Ssh.Keys;

/// <summary>chacha20-poly1305@openssh.com (OpenSSH PROTOCOL.chacha20poly1305) as used for key files: no
/// additional data, sequence number 0. The Poly1305 key is the first 32 bytes of ChaCha20 block 0 and the
/// data is encrypted from block 1, all with the original 64-bit-nonce ChaCha20 (BouncyCastle's ChaChaEngine).</summary>
internal static class OpenSshChaChaPoly
{
    public static void Decrypt(ReadOnlySpan<byte> mainKey, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        var key = mainKey.ToArray();
        var block0 = new byte[64];
        var expected = new byte[16];
        var ct = ciphertext.ToArray();
        var pt = new byte[ct.Length];
        try
        {
            var chacha = new ChaChaEngine(20);
            chacha.Init(false, new ParametersWithIV(new KeyParameter(key), new byte[8]));
            chacha.ProcessBytes(block0, 0, 64, block0, 0); // keystream block 0; the stream continues at block 1

            var poly = new Poly1305();
            poly.Init(new KeyParameter(block0, 0, 32));
            poly.BlockUpdate(ct, 0, ct.Length);
            poly.DoFinal(expected, 0);
            if (!CryptographicOperations.FixedTimeEquals(expected, tag))
                throw new IncorrectPassphraseException();

            chacha.ProcessBytes(ct, 0, ct.Length, pt, 0);
            pt.CopyTo(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(block0);
            CryptographicOperations.ZeroMemory(pt);
        }
    }
}
