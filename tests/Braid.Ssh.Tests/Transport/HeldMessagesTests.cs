using Braid.Ssh.Transport;

namespace Braid.Ssh.Tests.Transport;

public class HeldMessagesTests
{
    [Fact]
    public void SmallMessagesAreAlwaysHeldEvenPastTheLimit()
    {
        var held = new HeldMessages();
        var bulk = new byte[HeldMessages.AlwaysHeldSize + 1];
        int n = 0;
        while (held.TryHold(bulk)) n++;
        Assert.Equal(HeldMessages.MaxBytes / bulk.Length, n);
        // A CHANNEL_CLOSE reply from the reader loop must never be refused (it would have to wait for
        // the key exchange that only the reader loop can finish).
        Assert.True(held.TryHold(new byte[] { 97, 0, 0, 0, 1 }));
        held.Clear();
        Assert.Equal(0, held.Count);
        Assert.True(held.TryHold(bulk));
    }

    [Fact]
    public async Task HeldMessagesAreSentInOrderAfterNewKeys()
    {
        using var ms = new MemoryStream();
        var writer = new PacketWriter(ms);
        var held = new HeldMessages();
        held.TryHold(new byte[] { 94, 1 });
        held.TryHold(new byte[] { 96, 2 });
        held.AppendTo(writer);
        await writer.FlushAsync(default);
        var wire = ms.ToArray();
        // Unencrypted packets: uint32 length, padding length, payload.
        Assert.Equal(94, wire[5]);
        int second = 4 + (wire[0] << 24 | wire[1] << 16 | wire[2] << 8 | wire[3]);
        Assert.Equal(96, wire[second + 5]);
        Assert.Equal(0, held.Count);
    }
}
