using System.Buffers.Binary;
using Braid.Integration.Tests.Fixtures;
using static Braid.Integration.Tests.Mux.RawMuxClient;

namespace Braid.Integration.Tests.Mux;

/// <summary>
/// Hostile or broken control clients against a Braid master: each is dealt with on its own connection,
/// and a well-behaved passenger is served correctly afterwards (or meanwhile).
/// </summary>
public class RobustnessTests(MuxFixture f) : IClassFixture<MuxFixture>
{
    private Task<Master> Shared() => f.SharedMasterAsync(Tool.Braid);

    /// <summary>A normal passenger gets its own output and exit code, and the master still answers -O check.</summary>
    private async Task AssertStillServing(Master m, string tag)
    {
        var r = await f.Run(Tool.Braid, "-S", m.Path, "h", $"echo {tag}; exit 9");
        Assert.True(r.ExitCode == 9, $"passenger after {tag}: rc={r.ExitCode} {r.Stderr}");
        Assert.Equal(tag + "\n", r.Stdout);
        Assert.Equal(m.Pid, await f.CheckPidAsync(Tool.Braid, m.Path));
    }

    [Fact]
    public async Task OversizedLengthClosesThatConnectionOnly()
    {
        var m = await Shared();
        using (var c = Connect(m.Path))
        {
            await c.HandshakeAsync();
            var hdr = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(hdr, 256 * 1024 + 1);
            await c.SendRawAsync(hdr);
            // The master may close as soon as it has read the length, so this may meet a closed socket.
            try { await c.SendRawAsync(new byte[4096]); } catch (System.Net.Sockets.SocketException) { }
            Assert.Equal(0, await c.ReadUntilEofAsync());
        }
        using (var c = Connect(m.Path))
        {
            // Even before HELLO, a huge length is refused rather than allocated.
            Assert.NotNull(await c.ReadFrameAsync());
            await c.SendRawAsync([0xff, 0xff, 0xff, 0xf0]);
            Assert.Equal(0, await c.ReadUntilEofAsync());
        }
        await AssertStillServing(m, "after-oversized");
    }

    [Fact]
    public async Task TruncatedMessageThenCloseIsHarmless()
    {
        var m = await Shared();
        using (var c = Connect(m.Path))
        {
            await c.HandshakeAsync();
            var hdr = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(hdr, 100);
            await c.SendRawAsync(hdr);
            await c.SendRawAsync(new Body().U32(NewSession).U32(1).ToArray()); // 8 of the 100 bytes
            c.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            Assert.Equal(0, await c.ReadUntilEofAsync());
        }
        using (var c = Connect(m.Path))
        {
            // A body shorter than its own fields (ALIVE_CHECK without a request id).
            await c.HandshakeAsync();
            await c.SendFrameAsync(new Body().U32(AliveCheck).ToArray());
            Assert.Equal(0, await c.ReadUntilEofAsync());
        }
        await AssertStillServing(m, "after-truncated");
    }

    [Fact]
    public async Task UnknownTypeGetsUnsupportedRequestAndTheConnectionStaysOpen()
    {
        var m = await Shared();
        using var c = Connect(m.Path);
        await c.HandshakeAsync();
        await c.SendFrameAsync(new Body().U32(0x10000077).U32(5).ToArray());
        var reply = await c.ReadFrameAsync() ?? throw new Xunit.Sdk.XunitException("connection closed instead of FAILURE");
        Assert.Equal((Failure, 5u, "unsupported request"), ParseStatus(reply));

        // Still open: the same connection answers an ALIVE_CHECK.
        await c.SendFrameAsync(new Body().U32(AliveCheck).U32(6).ToArray());
        var alive = await c.ReadFrameAsync() ?? throw new Xunit.Sdk.XunitException("connection closed after the unknown request");
        Assert.Equal(Alive, BinaryPrimitives.ReadUInt32BigEndian(alive));
        Assert.Equal(6u, BinaryPrimitives.ReadUInt32BigEndian(alive.AsSpan(4)));
        Assert.Equal((uint)m.Pid, BinaryPrimitives.ReadUInt32BigEndian(alive.AsSpan(8)));
        await AssertStillServing(m, "after-unknown");
    }

    [Fact]
    public async Task ForwardOfType9IsRefusedNotFatal()
    {
        var m = await Shared();
        using (var c = Connect(m.Path))
        {
            await c.HandshakeAsync();
            // OpenSSH 9.2's master dies here (fatal in format_forward); Braid must answer instead.
            await c.SendFrameAsync(new Body().U32(OpenFwd).U32(7).U32(9).Str("127.0.0.1").U32(4242).Str("127.0.0.1").U32(22).ToArray());
            var reply = await c.ReadFrameAsync() ?? throw new Xunit.Sdk.XunitException("connection closed instead of FAILURE");
            Assert.Equal((Failure, 7u, "Invalid forwarding request"), ParseStatus(reply));
        }
        await AssertStillServing(m, "after-type9");
    }

    [Fact]
    public async Task SessionWhoseFdsNeverComeBlocksNobody()
    {
        var m = await Shared();
        using var c = Connect(m.Path);
        await c.HandshakeAsync();
        await c.SendFrameAsync(new Body().U32(NewSession).U32(1).Str("").U32(0).U32(0).U32(0).U32(0).U32(0x7e)
            .Str("xterm").Str("true").ToArray());
        // The connection stays open with its descriptors never sent while other passengers run.
        var passengers = Enumerable.Range(1, 3).Select(i => f.Run(Tool.Braid, "-S", m.Path, "h", $"echo meanwhile{i}; exit {i}")).ToArray();
        var results = await Task.WhenAll(passengers);
        for (int i = 1; i <= 3; i++)
        {
            Assert.True(results[i - 1].ExitCode == i, results[i - 1].Stderr);
            Assert.Equal($"meanwhile{i}\n", results[i - 1].Stdout);
        }
        Assert.Equal(m.Pid, await f.CheckPidAsync(Tool.Braid, m.Path));
        Assert.True(c.Socket.Connected);
        await AssertStillServing(m, "after-no-fds");
    }

    [Fact]
    public async Task FirstMessageOtherThanHelloIsDropped()
    {
        var m = await Shared();
        using (var c = Connect(m.Path))
        {
            Assert.NotNull(await c.ReadFrameAsync());
            await c.SendFrameAsync(new Body().U32(AliveCheck).U32(0).ToArray());
            Assert.Equal(0, await c.ReadUntilEofAsync());
        }
        using (var c = Connect(m.Path))
        {
            Assert.NotNull(await c.ReadFrameAsync());
            await c.SendFrameAsync(new Body().U32(Hello).U32(3).ToArray()); // wrong version
            Assert.Equal(0, await c.ReadUntilEofAsync());
        }
        await AssertStillServing(m, "after-bad-hello");
    }

    [Fact]
    public async Task ClientThatNeverReadsItsRepliesBlocksNobody()
    {
        var m = await Shared();
        using var c = Connect(m.Path);
        await c.HandshakeAsync();
        // ALIVE_CHECKs until the socket buffers are full both ways: the master's replies to this client
        // can no longer be written, so its handler for this connection is stuck in a write.
        var frame = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(frame, 8);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), AliveCheck);
        c.Socket.Blocking = false;
        int sent = 0;
        try
        {
            while (sent < 10_000_000)
            {
                c.Socket.Send(frame);
                sent++;
            }
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.WouldBlock) { }
        Assert.True(sent > 10);
        await AssertStillServing(m, "while-clogged");
    }
}
