using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Braid.Ssh.Transport.Ciphers;

/// <summary>
/// aes128-gcm@openssh.com / aes256-gcm@openssh.com (RFC 5647 as OpenSSH implements it): the packet
/// length travels in the clear as additional authenticated data; the 12-byte nonce is the derived IV
/// whose last 8 bytes count packets (big-endian, incremented after each one).
/// </summary>
internal sealed class AesGcmState : IDisposable
{
    private readonly AesGcm _gcm;
    private readonly byte[] _nonce = new byte[12];

    public AesGcmState(DirectionKeys keys, int keyLength)
    {
        _gcm = new AesGcm(keys.EncryptionKey.AsSpan(0, keyLength), 16);
        keys.Iv.AsSpan(0, 12).CopyTo(_nonce);
    }

    public void Seal(Span<byte> packet, Span<byte> tag)
    {
        _gcm.Encrypt(_nonce, packet[4..], packet[4..], tag, packet[..4]);
        Increment();
    }

    public bool Open(Span<byte> packet, ReadOnlySpan<byte> tag)
    {
        try
        {
            _gcm.Decrypt(_nonce, packet[4..], tag, packet[4..], packet[..4]);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        Increment();
        return true;
    }

    private void Increment()
    {
        var counter = _nonce.AsSpan(4);
        BinaryPrimitives.WriteUInt64BigEndian(counter, BinaryPrimitives.ReadUInt64BigEndian(counter) + 1);
    }

    public void Dispose() => _gcm.Dispose();
}

internal sealed class AesGcmEncryptor(DirectionKeys keys, int keyLength) : PacketEncryptor
{
    private readonly AesGcmState _state = new(keys, keyLength);
    public override int BlockSize => 16;
    public override int MacSize => 16;
    public override bool LengthExcludedFromPadding => true;
    public override void Encrypt(uint sequenceNumber, Span<byte> packet, Span<byte> mac) => _state.Seal(packet, mac);
    public override void Dispose() => _state.Dispose();
}

internal sealed class AesGcmDecryptor(DirectionKeys keys, int keyLength) : PacketDecryptor
{
    private readonly AesGcmState _state = new(keys, keyLength);
    public override int BlockSize => 16;
    public override int MacSize => 16;
    public override int FirstBlockSize => 4;
    public override uint DecryptLength(uint sequenceNumber, Span<byte> firstBlock) => BinaryPrimitives.ReadUInt32BigEndian(firstBlock);
    public override bool DecryptAndVerify(uint sequenceNumber, Span<byte> packet, ReadOnlySpan<byte> mac) => _state.Open(packet, mac);
    public override void Dispose() => _state.Dispose();
}
