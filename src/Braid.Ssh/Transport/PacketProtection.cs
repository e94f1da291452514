namespace Braid.Ssh.Transport;

/// <summary>
/// Protects outgoing binary packets (RFC 4253 §6) after NEWKEYS: encryption plus integrity.
/// The transport lays a packet out as
/// <c>[uint32 packet_length][byte padding_length][payload][padding]</c> followed by room for
/// <see cref="MacSize"/> bytes, pads it by <see cref="BlockSize"/> (counting the 4-byte length
/// unless <see cref="LengthExcludedFromPadding"/>), then calls <see cref="Encrypt"/>.
/// </summary>
public abstract class PacketEncryptor : IDisposable
{
    /// <summary>Padding multiple; at least 8.</summary>
    public abstract int BlockSize { get; }
    /// <summary>Bytes of MAC / AEAD tag written after the packet.</summary>
    public abstract int MacSize { get; }
    /// <summary>True for AEAD, -etm MACs and chacha20-poly1305: the length field is not padded with the rest.</summary>
    public abstract bool LengthExcludedFromPadding { get; }
    /// <summary>Encrypts <paramref name="packet"/> (length field included) in place and writes the MAC.</summary>
    public abstract void Encrypt(uint sequenceNumber, Span<byte> packet, Span<byte> mac);
    public virtual void Dispose() { }
}

/// <summary>The receiving half of <see cref="PacketEncryptor"/>.</summary>
public abstract class PacketDecryptor : IDisposable
{
    public abstract int BlockSize { get; }
    public abstract int MacSize { get; }
    /// <summary>How many leading bytes must be read before the packet length is known:
    /// 4 when the length is sent in the clear or encrypted on its own (GCM, -etm, chacha20),
    /// the cipher block size for encrypt-and-MAC modes (aes-ctr + hmac).</summary>
    public abstract int FirstBlockSize { get; }
    /// <summary>Returns packet_length from the first <see cref="FirstBlockSize"/> bytes. May decrypt them in
    /// place (and must then remember that, so <see cref="DecryptAndVerify"/> does not decrypt them again).
    /// Must not trust the result: the caller bounds it.</summary>
    public abstract uint DecryptLength(uint sequenceNumber, Span<byte> firstBlock);
    /// <summary>Verifies and decrypts the whole packet (4-byte length + packet_length bytes) in place.
    /// Returns false when the MAC does not match; nothing else is reported to the peer.</summary>
    public abstract bool DecryptAndVerify(uint sequenceNumber, Span<byte> packet, ReadOnlySpan<byte> mac);
    public virtual void Dispose() { }
}

/// <summary>Keys derived for one direction after a key exchange (RFC 4253 §7.2).</summary>
public sealed record DirectionKeys(byte[] Iv, byte[] EncryptionKey, byte[] MacKey);
