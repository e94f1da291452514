using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Braid.Ssh.Transport.Ciphers;

/// <summary>
/// chacha20-poly1305@openssh.com (OpenSSH's PROTOCOL.chacha20poly1305). The 64-byte key is two ChaCha20
/// keys: K_2 (first half) for the payload and the Poly1305 key, K_1 (second half) for the 4-byte length.
/// The nonce is the sequence number; block 0 of K_2's stream is the Poly1305 key and the payload starts at
/// block 1. The tag covers the encrypted length and payload, and is checked before anything is decrypted.
/// </summary>
internal sealed unsafe class ChaCha20Poly1305State : IDisposable
{
    private readonly IntPtr _main, _header, _mac, _macCtx;
    private readonly byte[] _iv = new byte[16];
    private readonly byte[] _polyKey = new byte[64];
    private readonly byte[] _tag = new byte[16];
    private static readonly byte[] Zeros = new byte[64];

    public ChaCha20Poly1305State(byte[] key)
    {
        if (key.Length < 64) throw new CryptographicException("chacha20-poly1305 needs a 64-byte key");
        _main = LibCrypto.EVP_CIPHER_CTX_new();
        _header = LibCrypto.EVP_CIPHER_CTX_new();
        fixed (byte* k = key)
        {
            // Encryption and decryption are the same XOR for a stream cipher: always "encrypt".
            LibCrypto.Check(LibCrypto.EVP_CipherInit_ex(_main, LibCrypto.EVP_chacha20(), IntPtr.Zero, k, null, 1), "EVP_CipherInit_ex");
            LibCrypto.Check(LibCrypto.EVP_CipherInit_ex(_header, LibCrypto.EVP_chacha20(), IntPtr.Zero, k + 32, null, 1), "EVP_CipherInit_ex");
        }
        _mac = LibCrypto.EVP_MAC_fetch(IntPtr.Zero, "POLY1305", IntPtr.Zero);
        if (_mac == IntPtr.Zero) throw new CryptographicException("OpenSSL has no POLY1305");
        _macCtx = LibCrypto.EVP_MAC_CTX_new(_mac);
    }

    /// <summary>OpenSSL's ChaCha20 IV is a 32-bit little-endian counter and a 96-bit nonce; OpenSSH's is a
    /// 64-bit counter and a 64-bit nonce. The same 16 bytes serve both: counter (LE, 8 bytes) then seq (BE).</summary>
    private void SetIv(IntPtr ctx, uint seq, ulong counter)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_iv, counter);
        BinaryPrimitives.WriteUInt64BigEndian(_iv.AsSpan(8), seq);
        fixed (byte* iv = _iv)
            LibCrypto.Check(LibCrypto.EVP_CipherInit_ex(ctx, IntPtr.Zero, IntPtr.Zero, null, iv, -1), "EVP_CipherInit_ex(iv)");
    }

    private static void Xor(IntPtr ctx, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.IsEmpty) return;
        int outLen;
        fixed (byte* i = input)
        fixed (byte* o = output)
            LibCrypto.Check(LibCrypto.EVP_CipherUpdate(ctx, o, &outLen, i, input.Length), "EVP_CipherUpdate");
    }

    private void Tag(uint seq, ReadOnlySpan<byte> packet, Span<byte> tag)
    {
        SetIv(_main, seq, 0);
        Xor(_main, Zeros, _polyKey);
        nuint len;
        fixed (byte* k = _polyKey)
        fixed (byte* d = packet)
        fixed (byte* t = tag)
        {
            LibCrypto.Check(LibCrypto.EVP_MAC_init(_macCtx, k, 32, IntPtr.Zero), "EVP_MAC_init");
            LibCrypto.Check(LibCrypto.EVP_MAC_update(_macCtx, d, (nuint)packet.Length), "EVP_MAC_update");
            LibCrypto.Check(LibCrypto.EVP_MAC_final(_macCtx, t, &len, 16), "EVP_MAC_final");
        }
        CryptographicOperations.ZeroMemory(_polyKey);
    }

    public void Seal(uint seq, Span<byte> packet, Span<byte> tag)
    {
        SetIv(_header, seq, 0);
        Xor(_header, packet[..4], packet[..4]);
        SetIv(_main, seq, 1);
        Xor(_main, packet[4..], packet[4..]);
        Tag(seq, packet, tag);
    }

    public uint PeekLength(uint seq, ReadOnlySpan<byte> encryptedLength)
    {
        Span<byte> plain = stackalloc byte[4];
        SetIv(_header, seq, 0);
        Xor(_header, encryptedLength[..4], plain);
        return BinaryPrimitives.ReadUInt32BigEndian(plain);
    }

    public bool Open(uint seq, Span<byte> packet, ReadOnlySpan<byte> tag)
    {
        Tag(seq, packet, _tag);
        if (!CryptographicOperations.FixedTimeEquals(_tag, tag)) return false;
        SetIv(_header, seq, 0);
        Xor(_header, packet[..4], packet[..4]);
        SetIv(_main, seq, 1);
        Xor(_main, packet[4..], packet[4..]);
        return true;
    }

    public void Dispose()
    {
        LibCrypto.EVP_CIPHER_CTX_free(_main);
        LibCrypto.EVP_CIPHER_CTX_free(_header);
        LibCrypto.EVP_MAC_CTX_free(_macCtx);
        LibCrypto.EVP_MAC_free(_mac);
    }
}

internal sealed class ChaCha20Poly1305Encryptor(DirectionKeys keys) : PacketEncryptor
{
    private readonly ChaCha20Poly1305State _state = new(keys.EncryptionKey);
    public override int BlockSize => 8;
    public override int MacSize => 16;
    public override bool LengthExcludedFromPadding => true;
    public override void Encrypt(uint sequenceNumber, Span<byte> packet, Span<byte> mac) => _state.Seal(sequenceNumber, packet, mac);
    public override void Dispose() => _state.Dispose();
}

internal sealed class ChaCha20Poly1305Decryptor(DirectionKeys keys) : PacketDecryptor
{
    private readonly ChaCha20Poly1305State _state = new(keys.EncryptionKey);
    public override int BlockSize => 8;
    public override int MacSize => 16;
    public override int FirstBlockSize => 4;
    // The length is decrypted into a copy: the tag is computed over the encrypted bytes.
    public override uint DecryptLength(uint sequenceNumber, Span<byte> firstBlock) => _state.PeekLength(sequenceNumber, firstBlock);
    public override bool DecryptAndVerify(uint sequenceNumber, Span<byte> packet, ReadOnlySpan<byte> mac) => _state.Open(sequenceNumber, packet, mac);
    public override void Dispose() => _state.Dispose();
}
