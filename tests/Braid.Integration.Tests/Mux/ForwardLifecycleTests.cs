using System.Net;
using System.Net.Sockets;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Mux;

/// <summary>
/// The forward lifecycle items of OpenSSH's multiplex.sh in the three pairings: `-O forward -L/-R` makes
/// a connection to the server work through the forwarded port, `-O cancel` makes it fail again.
/// </summary>
public class ForwardLifecycleTests(MuxFixture f) : IClassFixture<MuxFixture>
{
    public static TheoryData<Tool, Tool> Pairings() => new()
    {
        { Tool.Braid, Tool.Braid },
        { Tool.OpenSsh, Tool.Braid },
        { Tool.Braid, Tool.OpenSsh },
    };


    /// <summary>A login through the forwarded port; the known_hosts line is the server's own, via HostKeyAlias.</summary>
    private Task<ProcessResult> LoginThrough(int port) =>
        f.Run(Tool.Braid, "-o", $"HostKeyAlias=[127.0.0.1]:{f.Server.Port}", "-p", port.ToString(), "h", "echo through-forward");

    [Theory]
    [MemberData(nameof(Pairings))]
    public async Task LocalForwardLifecycle(Tool client, Tool master)
    {
        await using var m = await f.StartMasterAsync(master);
        int q = FreePorts.Pick();
        string spec = $"{q}:127.0.0.1:{f.Server.Port}";
        var fwd = await f.Run(client, "-S", m.Path, "-O", "forward", "-L", spec, "h");
        Assert.True(fwd.ExitCode == 0, fwd.Stderr);
        var through = await LoginThrough(q);
        Assert.True(through.Stdout == "through-forward\n", through.Stderr);
        var cancel = await f.Run(client, "-S", m.Path, "-O", "cancel", "-L", spec, "h");
        Assert.True(cancel.ExitCode == 0, cancel.Stderr);
        var after = await LoginThrough(q);
        Assert.Equal(255, after.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public async Task RemoteForwardLifecycle(Tool client, Tool master)
    {
        await using var m = await f.StartMasterAsync(master);
        int q = FreePorts.Pick();
        string spec = $"{q}:127.0.0.1:{f.Server.Port}";
        var fwd = await f.Run(client, "-S", m.Path, "-O", "forward", "-R", spec, "h");
        Assert.True(fwd.ExitCode == 0, fwd.Stderr);
        // The "remote" side is this machine: sshd listens on q and forwards back through the master.
        var through = await LoginThrough(q);
        Assert.True(through.Stdout == "through-forward\n", through.Stderr);
        var cancel = await f.Run(client, "-S", m.Path, "-O", "cancel", "-R", spec, "h");
        Assert.True(cancel.ExitCode == 0, cancel.Stderr);
        var after = await LoginThrough(q);
        Assert.Equal(255, after.ExitCode);
    }

    /// <summary>Forwards the master was started with (its command line) are cancelled like requested ones:
    /// OpenSSH's master looks for a CLOSE_FWD in its own options too.</summary>
    [Theory]
    [MemberData(nameof(Pairings))]
    public async Task MastersOwnForwardsCanBeCancelled(Tool client, Tool master)
    {
        int local = FreePorts.Pick(), remote = FreePorts.Pick();
        string localSpec = $"{local}:127.0.0.1:{f.Server.Port}", remoteSpec = $"{remote}:127.0.0.1:{f.Server.Port}";
        await using var m = await f.StartMasterAsync(master, extra: ["-L", localSpec, "-R", remoteSpec]);
        foreach (int port in new[] { local, remote })
        {
            var through = await LoginThrough(port);
            Assert.True(through.Stdout == "through-forward\n", through.Stderr);
        }
        // A duplicate -O forward of one of them is not an error (and opens nothing twice).
        var again = await f.Run(client, "-S", m.Path, "-O", "forward", "-L", localSpec, "h");
        Assert.True(again.ExitCode == 0, again.Stderr);

        var cancel = await f.Run(client, "-S", m.Path, "-O", "cancel", "-L", localSpec, "-R", remoteSpec, "h");
        Assert.True(cancel.ExitCode == 0, cancel.Stderr);
        Assert.Equal(255, (await LoginThrough(local)).ExitCode);
        Assert.Equal(255, (await LoginThrough(remote)).ExitCode);
        // The master itself carries on.
        var session = await f.Run(client, "-S", m.Path, "h", "echo still");
        Assert.True(session.Stdout == "still\n", session.Stderr);
    }

    /// <summary>Reads the sshd banner through a Unix socket; null when nothing listens there.</summary>
    private static async Task<string?> BannerThroughUnixSocket(string path)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try { await s.ConnectAsync(new UnixDomainSocketEndPoint(path)); }
        catch (SocketException) { return null; }
        var buf = new byte[64];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        int n = await s.ReceiveAsync(buf, SocketFlags.None, cts.Token);
        return System.Text.Encoding.ASCII.GetString(buf, 0, n);
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public async Task LocalUnixForwardLifecycle(Tool client, Tool master)
    {
        await using var m = await f.StartMasterAsync(master);
        string sock = f.NewSocketPath("lu");
        string spec = $"{sock}:127.0.0.1:{f.Server.Port}";
        var fwd = await f.Run(client, "-S", m.Path, "-O", "forward", "-L", spec, "h");
        Assert.True(fwd.ExitCode == 0, fwd.Stderr);
        Assert.StartsWith("SSH-2.0-OpenSSH", await BannerThroughUnixSocket(sock));
        var cancel = await f.Run(client, "-S", m.Path, "-O", "cancel", "-L", spec, "h");
        Assert.True(cancel.ExitCode == 0, cancel.Stderr);
        Assert.Null(await BannerThroughUnixSocket(sock));
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public async Task RemoteUnixForwardLifecycle(Tool client, Tool master)
    {
        await using var m = await f.StartMasterAsync(master);
        string sock = f.NewSocketPath("ru");
        string spec = $"{sock}:127.0.0.1:{f.Server.Port}";
        var fwd = await f.Run(client, "-S", m.Path, "-O", "forward", "-R", spec, "h");
        Assert.True(fwd.ExitCode == 0, fwd.Stderr);
        // sshd (on this machine) listens on the path and forwards back through the master.
        for (int i = 0; i < 100 && !File.Exists(sock); i++) await Task.Delay(50);
        Assert.StartsWith("SSH-2.0-OpenSSH", await BannerThroughUnixSocket(sock));
        var cancel = await f.Run(client, "-S", m.Path, "-O", "cancel", "-R", spec, "h");
        Assert.True(cancel.ExitCode == 0, cancel.Stderr);
        for (int i = 0; i < 100 && File.Exists(sock); i++) await Task.Delay(50);
        Assert.Null(await BannerThroughUnixSocket(sock));
    }
}
