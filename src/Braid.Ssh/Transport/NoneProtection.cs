namespace Braid.Ssh.Transport;

/// <summary>The protection in force before the first NEWKEYS: none, 8-byte padding.</summary>
internal sealed class NoneEncryptor : PacketEncryptor
{
    public override int BlockSize => 8;
    public override int MacSize => 0;
    public override bool LengthExcludedFromPadding => false;
    public override void Encrypt(uint sequenceNumber, Span<byte> packet, Span<byte> mac) { }
}

internal sealed class NoneDecryptor : PacketDecryptor
{
    public override int BlockSize => 8;
    public override int MacSize => 0;
    public override int FirstBlockSize => 4;
    public override uint DecryptLength(uint sequenceNumber, Span<byte> firstBlock)
        => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(firstBlock);
    public override bool DecryptAndVerify(uint sequenceNumber, Span<byte> packet, ReadOnlySpan<byte> mac) => true;
}
