using Braid.Ssh;
using Braid.Ssh.Transport;
using Braid.Ssh.Transport.Ciphers;

namespace Braid.Fuzz.Targets;

/// <summary>The SSH binary packet decoder (PacketReader). Documented errors: SshProtocolException (bad
/// length, padding, MAC, block alignment, compressed data) and ConnectionClosedException (the stream ended).</summary>
public static class PacketTargets
{
    /// <summary>The cipher/MAC pairs the keyed target picks from (the input's first byte).</summary>
    public static readonly (string Cipher, string? Mac)[] Suites =
    [
        ("aes128-ctr", "hmac-sha2-256"),
        ("aes256-ctr", "hmac-sha2-512-etm@openssh.com"),
        ("aes192-ctr", "hmac-sha1"),
        ("aes128-gcm@openssh.com", null),
        ("chacha20-poly1305@openssh.com", null),
    ];

    /// <summary>Bit of the first byte that turns on zlib decompression after decryption.</summary>
    public const byte CompressionFlag = 0x80;

    /// <summary>The stream before the first NEWKEYS: packets in the clear.</summary>
    public static void RunNone(ReadOnlySpan<byte> stream) => ReadAll(new PacketReader(new MemoryStream(stream.ToArray()), default));

    public static void RunKeyed(ReadOnlySpan<byte> input) => ReadKeyed(input);

    /// <summary>Input: one suite byte, then plaintext packets (InputParts) that the harness encrypts and MACs
    /// with fixed keys, so the fuzzer reaches what comes after a valid MAC, not just the MAC check.</summary>
    /// <returns>How many packets were read before the stream ended or was refused.</returns>
    public static int ReadKeyed(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0) return 0;
        var (cipher, mac) = Suites[(input[0] & 0x7f) % Suites.Length];
        bool compressed = (input[0] & CompressionFlag) != 0;
        var ms = new MemoryStream();
        using (var enc = CipherRegistry.CreateEncryptor(cipher, mac, Keys(cipher, mac)))
        {
            uint seq = 0;
            foreach (var part in InputParts.Split(input[1..], 64))
            {
                // Padded to whole cipher blocks (a block cipher cannot encrypt less); the length field
                // inside stays whatever the fuzzer wrote.
                int len = WholeBlocks(part.Length, enc);
                var packet = new byte[len + enc.MacSize];
                part.CopyTo(packet, 0);
                enc.Encrypt(seq++, packet.AsSpan(0, len), packet.AsSpan(len));
                ms.Write(packet);
            }
        }
        ms.Position = 0;
        var reader = new PacketReader(ms, default);
        reader.SetDecryptor(CipherRegistry.CreateDecryptor(cipher, mac, Keys(cipher, mac)));
        if (compressed) reader.SetDecompressor(new PacketDecompressor());
        return ReadAll(reader);
    }

    private static int WholeBlocks(int length, PacketEncryptor enc)
    {
        int body = Math.Max(length, 16) - (enc.LengthExcludedFromPadding ? 4 : 0);
        body = (body + enc.BlockSize - 1) / enc.BlockSize * enc.BlockSize;
        return body + (enc.LengthExcludedFromPadding ? 4 : 0);
    }

    private static DirectionKeys Keys(string cipher, string? mac)
    {
        static byte[] Filled(int n, byte b) => Enumerable.Repeat(b, n).ToArray();
        return new DirectionKeys(Filled(CipherRegistry.IvLength(cipher), 1), Filled(CipherRegistry.KeyLength(cipher), 2),
            mac == null ? [] : Filled(CipherRegistry.MacKeyLength(mac), 3));
    }

    private static int ReadAll(PacketReader reader)
    {
        int packets = 0;
        using (reader)
        {
            try
            {
                // Every packet consumes at least 9 bytes, so this ends.
                while (true)
                {
                    Await.Result(async ct => (await reader.ReadAsync(ct).ConfigureAwait(false)).Length);
                    packets++;
                }
            }
            catch (SshProtocolException) { }
            catch (ConnectionClosedException) { }
        }
        return packets;
    }
}
