using Braid.Ssh.Transport;
using Braid.Ssh.Transport.Ciphers;

namespace Braid.Ssh.Tests.Transport;

/// <summary>Packet lengths a hostile server can send under a block cipher.</summary>
public class PacketReaderHostileTests
{
    private static DirectionKeys Keys() => new(Enumerable.Repeat((byte)1, 16).ToArray(), Enumerable.Repeat((byte)2, 16).ToArray(),
        Enumerable.Repeat((byte)3, 32).ToArray());

    /// <summary>Found by fuzzing (fuzz/regressions/packet-keyed/): AES-CTR threw CryptographicException
    /// trying to decrypt a partial block; the length must be refused before decrypting.</summary>
    [Theory]
    [InlineData("hmac-sha2-256")]
    [InlineData("hmac-sha2-256-etm@openssh.com")]
    public async Task LengthNotAWholeNumberOfBlocksIsAProtocolError(string mac)
    {
        // Whole blocks for the encryptor: all 32 bytes, or the 32 after the clear length field (-etm).
        int size = mac.Contains("-etm@") ? 36 : 32;
        var packet = new byte[size];
        packet[3] = 13; // packet_length 13: 17 bytes with the length field, 13 without; neither is 16-aligned
        packet[4] = 4;
        var wire = new byte[size + 32];
        using (var enc = CipherRegistry.CreateEncryptor("aes128-ctr", mac, Keys()))
        {
            packet.CopyTo(wire, 0);
            enc.Encrypt(0, wire.AsSpan(0, size), wire.AsSpan(size));
        }
        using var reader = new PacketReader(new MemoryStream(wire), default);
        reader.SetDecryptor(CipherRegistry.CreateDecryptor("aes128-ctr", mac, Keys()));
        var e = await Assert.ThrowsAsync<SshProtocolException>(async () => await reader.ReadAsync(CancellationToken.None));
        Assert.Contains("block size", e.Message);
    }
}
