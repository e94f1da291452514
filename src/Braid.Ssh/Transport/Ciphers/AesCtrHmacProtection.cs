using System.Buffers.Binary;

namespace Braid.Ssh.Transport.Ciphers;

/// <summary>
/// aes*-ctr with an HMAC. Encrypt-and-MAC (RFC 4253): the MAC covers the plaintext packet and the length
/// is encrypted. Encrypt-then-MAC (-etm@openssh.com): the length stays in the clear and the MAC covers
/// the ciphertext, so it is checked before anything is decrypted.
/// </summary>
internal sealed class AesCtrHmacEncryptor(DirectionKeys keys, int keyLength, string mac) : PacketEncryptor
{
    private readonly AesCtrKeystream _ctr = new(keys, keyLength);
    private readonly HmacAlgorithm _mac = new(mac, keys.MacKey);
    public override int BlockSize => 16;
    public override int MacSize => _mac.Size;
    public override bool LengthExcludedFromPadding => _mac.EncryptThenMac;

    public override void Encrypt(uint sequenceNumber, Span<byte> packet, Span<byte> mac)
    {
        if (_mac.EncryptThenMac)
        {
            _ctr.Transform(packet[4..]);
            _mac.Compute(sequenceNumber, packet, mac);
        }
        else
        {
            _mac.Compute(sequenceNumber, packet, mac);
            _ctr.Transform(packet);
        }
    }

    public override void Dispose() { _ctr.Dispose(); _mac.Dispose(); }
}

internal sealed class AesCtrHmacDecryptor(DirectionKeys keys, int keyLength, string mac) : PacketDecryptor
{
    private readonly AesCtrKeystream _ctr = new(keys, keyLength);
    private readonly HmacAlgorithm _mac = new(mac, keys.MacKey);
    public override int BlockSize => 16;
    public override int MacSize => _mac.Size;
    public override int FirstBlockSize => _mac.EncryptThenMac ? 4 : 16;

    public override uint DecryptLength(uint sequenceNumber, Span<byte> firstBlock)
    {
        // Encrypt-and-MAC: the first block is decrypted here, once; DecryptAndVerify skips it.
        if (!_mac.EncryptThenMac) _ctr.Transform(firstBlock);
        return BinaryPrimitives.ReadUInt32BigEndian(firstBlock);
    }

    public override bool DecryptAndVerify(uint sequenceNumber, Span<byte> packet, ReadOnlySpan<byte> mac)
    {
        if (_mac.EncryptThenMac)
        {
            if (!_mac.Verify(sequenceNumber, packet, mac)) return false;
            _ctr.Transform(packet[4..]);
            return true;
        }
        _ctr.Transform(packet[16..]);
        return _mac.Verify(sequenceNumber, packet, mac);
    }

    public override void Dispose() { _ctr.Dispose(); _mac.Dispose(); }
}
