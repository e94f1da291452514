using System.Buffers.Binary;
using System.Security.Cryptography;
using Braid.Ssh.Transport;
using Braid.Ssh.Transport.Ciphers;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Braid.Ssh.Tests.Ciphers;

public class CipherTests
{
    public static TheoryData<string, string?> Suites()
    {
        var d = new TheoryData<string, string?>();
        foreach (var c in CipherRegistry.SupportedCiphers)
        {
            if (CipherRegistry.IsAead(c)) { d.Add(c, null); continue; }
            foreach (var m in CipherRegistry.SupportedMacs) d.Add(c, m);
        }
        return d;
    }

    private static DirectionKeys Keys(string cipher, string? mac, int seed)
    {
        var rnd = new Random(seed);
        byte[] B(int n) { var b = new byte[n]; rnd.NextBytes(b); return b; }
        return new DirectionKeys(B(Math.Max(CipherRegistry.IvLength(cipher), 16)), B(CipherRegistry.KeyLength(cipher)), B(mac == null ? 0 : CipherRegistry.MacKeyLength(mac)));
    }

    /// <summary>A padded plaintext packet as the transport lays it out.</summary>
    private static byte[] Packet(PacketEncryptor enc, int payloadLen, int seed)
    {
        int block = enc.BlockSize;
        int unpadded = 1 + payloadLen + (enc.LengthExcludedFromPadding ? 0 : 4);
        int pad = block - unpadded % block;
        if (pad < 4) pad += block;
        var p = new byte[4 + 1 + payloadLen + pad];
        BinaryPrimitives.WriteUInt32BigEndian(p, (uint)(p.Length - 4));
        p[4] = (byte)pad;
        new Random(seed).NextBytes(p.AsSpan(5, payloadLen));
        return p;
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void RoundTripsAcrossManyPackets(string cipher, string? mac)
    {
        var keys = Keys(cipher, mac, 1);
        using var enc = CipherRegistry.CreateEncryptor(cipher, mac, keys);
        using var dec = CipherRegistry.CreateDecryptor(cipher, mac, keys);
        uint seq = uint.MaxValue - 3; // crosses the 32-bit wrap
        foreach (int len in new[] { 1, 15, 16, 100, 32768, 7, 65000 })
        {
            var plain = Packet(enc, len, len);
            var wire = plain.ToArray();
            var tag = new byte[enc.MacSize];
            enc.Encrypt(seq, wire, tag);
            Assert.False(wire.AsSpan(5, Math.Min(len, 16)).SequenceEqual(plain.AsSpan(5, Math.Min(len, 16))));
            uint l = dec.DecryptLength(seq, wire.AsSpan(0, dec.FirstBlockSize));
            Assert.Equal((uint)(plain.Length - 4), l);
            Assert.True(dec.DecryptAndVerify(seq, wire, tag));
            Assert.Equal(plain, wire);
            seq++;
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void AnyTamperingIsDetected(string cipher, string? mac)
    {
        var keys = Keys(cipher, mac, 2);
        foreach (int pos in new[] { 0, 3, 4, 5, 20, -1 })
        {
            using var enc = CipherRegistry.CreateEncryptor(cipher, mac, keys);
            using var dec = CipherRegistry.CreateDecryptor(cipher, mac, keys);
            var wire = Packet(enc, 40, 3);
            var tag = new byte[enc.MacSize];
            enc.Encrypt(5, wire, tag);
            if (pos >= 0) wire[pos] ^= 1; else tag[0] ^= 1;
            dec.DecryptLength(5, wire.AsSpan(0, dec.FirstBlockSize));
            Assert.False(dec.DecryptAndVerify(5, wire, tag), $"flip at {pos} not detected");
        }
    }

    /// <summary>chacha20-poly1305@openssh.com computed independently with BouncyCastle's DJB ChaCha20.</summary>
    [Fact]
    public void ChaChaMatchesIndependentImplementation()
    {
        var key = RandomNumberGenerator.GetBytes(64);
        var keys = new DirectionKeys([], key, []);
        using var enc = CipherRegistry.CreateEncryptor("chacha20-poly1305@openssh.com", null, keys);
        uint seq = 0x01020304;
        var plain = Packet(enc, 1000, 9);
        var wire = plain.ToArray();
        var tag = new byte[16];
        enc.Encrypt(seq, wire, tag);

        var nonce = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(nonce, seq);
        byte[] Stream(byte[] k, int skipBlocks, int len)
        {
            var e = new ChaChaEngine(20);
            e.Init(true, new ParametersWithIV(new KeyParameter(k), nonce));
            var z = new byte[skipBlocks * 64 + len];
            var o = new byte[z.Length];
            e.ProcessBytes(z, 0, z.Length, o, 0);
            return o.AsSpan(skipBlocks * 64).ToArray();
        }
        var k2 = key[..32];
        var k1 = key[32..];
        var expected = plain.ToArray();
        var hs = Stream(k1, 0, 4);
        for (int i = 0; i < 4; i++) expected[i] ^= hs[i];
        var ps = Stream(k2, 1, plain.Length - 4);
        for (int i = 4; i < plain.Length; i++) expected[i] ^= ps[i - 4];
        Assert.Equal(expected, wire);
        var poly = new Poly1305();
        poly.Init(new KeyParameter(Stream(k2, 0, 32)));
        poly.BlockUpdate(expected, 0, expected.Length);
        var t = new byte[16];
        poly.DoFinal(t, 0);
        Assert.Equal(t, tag);
    }

    /// <summary>GCM with OpenSSH's nonce: the invocation counter advances once per packet.</summary>
    [Fact]
    public void GcmMatchesIndependentImplementationOnSecondPacket()
    {
        var keys = Keys("aes256-gcm@openssh.com", null, 4);
        using var enc = CipherRegistry.CreateEncryptor("aes256-gcm@openssh.com", null, keys);
        var first = Packet(enc, 30, 1);
        enc.Encrypt(0, first, new byte[16]);
        var plain = Packet(enc, 77, 2);
        var wire = plain.ToArray();
        var tag = new byte[16];
        enc.Encrypt(1, wire, tag);

        var nonce = keys.Iv[..12];
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(4), BinaryPrimitives.ReadUInt64BigEndian(nonce.AsSpan(4)) + 1);
        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(true, new AeadParameters(new KeyParameter(keys.EncryptionKey), 128, nonce, plain[..4]));
        var outBuf = new byte[gcm.GetOutputSize(plain.Length - 4)];
        int n = gcm.ProcessBytes(plain, 4, plain.Length - 4, outBuf, 0);
        gcm.DoFinal(outBuf, n);
        Assert.Equal(outBuf[..(plain.Length - 4)], wire[4..]);
        Assert.Equal(outBuf[(plain.Length - 4)..], tag);
    }

    /// <summary>CTR's counter continues from one packet into the next.</summary>
    [Fact]
    public void CtrMatchesIndependentImplementationAcrossPackets()
    {
        var keys = Keys("aes192-ctr", "hmac-sha2-256-etm@openssh.com", 5);
        using var enc = CipherRegistry.CreateEncryptor("aes192-ctr", "hmac-sha2-256-etm@openssh.com", keys);
        var a = Packet(enc, 50, 1);
        var b = Packet(enc, 500, 2);
        var wa = a.ToArray(); var wb = b.ToArray();
        enc.Encrypt(0, wa, new byte[32]);
        enc.Encrypt(1, wb, new byte[32]);
        var ctr = new SicBlockCipher(new AesEngine());
        ctr.Init(true, new ParametersWithIV(new KeyParameter(keys.EncryptionKey), keys.Iv));
        var all = a[4..].Concat(b[4..]).ToArray();
        var o = new byte[all.Length];
        for (int i = 0; i < all.Length; i += 16) ctr.ProcessBlock(all, i, o, i);
        Assert.Equal(o, wa[4..].Concat(wb[4..]).ToArray());
    }

    [Fact]
    public void CompressionRoundTripsOnOneStream()
    {
        using var c = new PacketCompressor();
        using var d = new PacketDecompressor();
        byte[]? cb = null, db = null;
        var rnd = new Random(1);
        for (int i = 0; i < 200; i++)
        {
            var payload = new byte[rnd.Next(1, 40000)];
            if (i % 2 == 0) rnd.NextBytes(payload); else payload.AsSpan().Fill((byte)i);
            int n = c.Compress(payload, ref cb);
            int m = d.Decompress(cb.AsSpan(0, n), ref db);
            Assert.Equal(payload, db.AsSpan(0, m).ToArray());
        }
    }

    [Fact]
    public void InflateBombIsRefused()
    {
        using var c = new PacketCompressor();
        using var d = new PacketDecompressor();
        byte[]? cb = null, db = null;
        int n = c.Compress(new byte[4 * 1024 * 1024], ref cb);
        Assert.Throws<SshProtocolException>(() => d.Decompress(cb.AsSpan(0, n), ref db));
    }
}
