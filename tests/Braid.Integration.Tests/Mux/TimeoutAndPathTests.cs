using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Mux;

/// <summary>The mux parts of OpenSSH's channel-timeout.sh: the server's ChannelTimeout kills an idle
/// command session and the passenger gets 255 (no exit-status), as with OpenSSH.</summary>
public sealed class ChannelTimeoutFixture() : MuxFixture(new SshdOptions { ExtraConfig = "ChannelTimeout session:command=1\n" });

public class ChannelTimeoutTests(ChannelTimeoutFixture fx) : IClassFixture<ChannelTimeoutFixture>
{
    [Theory]
    [InlineData(Tool.Braid)]
    [InlineData(Tool.OpenSsh)]
    public async Task IdleCommandSessionIsClosedByTheServerAndThePassengerGets255(Tool passenger)
    {
        await using var m = await fx.StartMasterAsync(Tool.Braid);
        var r = await fx.Run(passenger, "-S", m.Path, "h", "sleep 5; exit 23");
        Assert.Equal(255, r.ExitCode);
    }
}

/// <summary>channel-timeout.sh's second case: a shell timeout does not touch a command session.</summary>
public sealed class ShellTimeoutFixture() : MuxFixture(new SshdOptions { ExtraConfig = "ChannelTimeout session:shell=1\n" });

public class ShellTimeoutTests(ShellTimeoutFixture fx) : IClassFixture<ShellTimeoutFixture>
{
    [Theory]
    [InlineData(Tool.Braid)]
    [InlineData(Tool.OpenSsh)]
    public async Task CommandSessionKeepsItsExitStatus(Tool passenger)
    {
        await using var m = await fx.StartMasterAsync(Tool.Braid);
        var r = await fx.Run(passenger, "-S", m.Path, "h", "sleep 3; exit 23");
        Assert.Equal(23, r.ExitCode);
    }
}

/// <summary>connection-timeout.sh: with UnusedConnectionTimeout the server drops a master that has no
/// session; the master then exits and its socket goes away.</summary>
public sealed class UnusedConnectionFixture() : MuxFixture(new SshdOptions { ExtraConfig = "UnusedConnectionTimeout 2\n" });

public class UnusedConnectionTests(UnusedConnectionFixture fx) : IClassFixture<UnusedConnectionFixture>
{
    [Fact]
    public async Task IdleMasterIsDroppedAndRemovesItsSocket()
    {
        var m = await fx.StartMasterAsync(Tool.Braid);
        await using (m)
        {
            // A running session keeps the connection in use.
            var r = await fx.Run(Tool.Braid, "-S", m.Path, "h", "sleep 3; echo kept");
            Assert.Equal("kept\n", r.Stdout);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (File.Exists(m.Path) && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.False(File.Exists(m.Path), "the master did not notice that the server closed the connection");
        }
    }

    [Fact]
    public async Task ListenersAloneDoNotKeepAnIdleMasterAlive()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int q = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var m = await fx.StartMasterAsync(Tool.Braid, extra: ["-L", $"{q}:127.0.0.1:{fx.Server.Port}"]);
        await using (m)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (File.Exists(m.Path) && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.False(File.Exists(m.Path), "an idle master with only a listener was kept alive");
        }
    }
}

public class ControlPathTests(MuxFixture fx) : IClassFixture<MuxFixture>
{
    [Fact]
    public async Task PathTooLongForAMasterIsRefusedBeforeConnecting()
    {
        // 95 bytes: fine for a client (< 108) but a master's temporary name would not fit.
        var dir = Path.Combine(fx.Dir, new string('d', 40));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, new string('s', 95 - dir.Length - 1));
        Assert.Equal(95, path.Length);
        // Port 1: if Braid connected first, the error would be "Connection refused" instead.
        var r = await fx.Run(Tool.Braid, "-o", "Port=1", "-o", "ControlMaster=yes", "-o", "ControlPath=" + path, "h", "true");
        Assert.Equal(255, r.ExitCode);
        Assert.Contains("at most 90", r.Stderr);
        Assert.Contains("%C", r.Stderr);
        Assert.DoesNotContain("Connection refused", r.Stderr);
    }

    [Fact]
    public async Task ClientPathTooLongGivesOpenSshsMessage()
    {
        var path = "/tmp/" + new string('x', 110);
        var r = await fx.Run(Tool.Braid, "-o", "ControlPath=" + path, "-O", "check", "h");
        Assert.Equal(255, r.ExitCode);
        Assert.Contains($"ControlPath too long ('{path}' >= 108 bytes)", r.Stderr);
    }

    [Fact]
    public async Task SocketInADirectoryOthersCanWriteWarns()
    {
        var dir = Path.Combine(fx.Dir, "shared" + Guid.NewGuid().ToString("N")[..4]);
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0x1ff); // 0777, no sticky bit
        var path = Path.Combine(dir, "m");
        fx.Track(path);
        var r = await fx.Run(Tool.Braid, "-M", "-S", path, "-N", "-f", "-o", "LogLevel=INFO", "h");
        try
        {
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("writable by other users", r.Stderr);
            ReliabilityRecord.Write("security", "ControlPath in a directory others can write (0777, no sticky bit)",
                "master starts with a warning", r.Stderr.Trim());
        }
        finally
        {
            await fx.Run(Tool.Braid, "-S", path, "-O", "exit", "h");
        }
    }
}
