using System.Security.Cryptography;
using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Faults;

/// <summary>Issue 6 item 2d: one passenger SIGKILLed mid-upload; the master closes its channel (the remote
/// command sees EOF) and the other passengers' transfers finish intact.</summary>
public class PassengerKilledTests(MuxFixture f) : IClassFixture<MuxFixture>
{
    [Fact]
    public async Task ItsChannelClosesAndTheOthersFinishIntact()
    {
        await using var m = await f.StartMasterAsync(Tool.Braid);
        var data = Path.Combine(f.Dir, "data-" + Guid.NewGuid().ToString("N")[..6]);
        File.WriteAllBytes(data, RandomNumberGenerator.GetBytes(48 << 20));
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(data)));
        var marker = data + ".eof";
        var transfers = new List<Transfer>();
        try
        {
            Transfer Passenger(Tool t, string command, string? input = null, Transfer.Input mode = Transfer.Input.Closed)
            {
                var x = Transfer.Start(MuxFixture.Exe(t), ["-F", f.Server.ConfigFile, "-S", m.Path, "h", command], input, mode);
                transfers.Add(x);
                return x;
            }
            // The victim uploads endlessly; its remote side notes when its stdin ends.
            var victim = Passenger(Tool.Braid, $"echo started; cat > /dev/null; echo eof > {marker}", mode: Transfer.Input.Endless);
            var upload = Passenger(Tool.Braid, "sha256sum", input: data);
            var download = Passenger(Tool.Braid, $"cat {data}");
            var sshDownload = Passenger(Tool.OpenSsh, $"cat {data}");
            await victim.WaitForBytesAsync(8);
            await download.WaitForBytesAsync(1 << 20);
            await sshDownload.WaitForBytesAsync(1 << 20);
            bool othersRunning = !upload.HasExited && !download.HasExited && !sshDownload.HasExited;

            MuxFixture.KillPid(victim.Pid);

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(marker) && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.True(File.Exists(marker), "the killed passenger's remote command never saw EOF on its stdin");

            foreach (var t in new[] { upload, download, sshDownload })
                Assert.True(await t.WaitForExitAsync(120) == 0, $"a surviving passenger failed: {t.Stderr}");
            Assert.StartsWith(sha + " ", upload.Head);
            Assert.Equal(sha, download.Sha256);
            Assert.Equal(sha, sshDownload.Sha256);

            var channels = await f.Run(Tool.Braid, "-S", m.Path, "-O", "channels", "h");
            Assert.Equal(0, channels.ExitCode);
            Assert.DoesNotContain(marker, channels.Stdout);
            Assert.Equal(m.Pid, await f.CheckPidAsync(Tool.Braid, m.Path));

            ReliabilityRecord.Write("fault", "a passenger SIGKILLed mid-upload next to 3 transferring passengers (48 MiB each, braid and ssh)",
                "its channel closed (remote saw EOF); the others finished with the right SHA-256",
                $"others still running at the kill: {othersRunning}; `-O channels` afterwards: {channels.Stdout.Trim()}; master pid unchanged");
        }
        finally
        {
            foreach (var t in transfers) t.Dispose();
            File.Delete(data);
        }
    }
}
