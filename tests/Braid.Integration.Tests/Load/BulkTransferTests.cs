using System.Diagnostics;
using System.Globalization;
using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Load;

/// <summary>
/// Bulk streams at once through one ControlPersist master, half up and half down, each hashed where it
/// is made and where it arrives. The data is AES-CTR keystream (openssl, a key per stream): random-looking,
/// reproducible, and never stored — each side hashes it through a fifo as it passes.
/// </summary>
[Collection("Load")]
public class BulkTransferTests(LoadFixture f) : IClassFixture<LoadFixture>
{
    [Fact]
    public async Task ConcurrentUploadsAndDownloadsArriveIntact()
    {
        var s = LoadScale.Current;
        await using var m = await f.StartPersistentMasterAsync();
        var passenger = f.Passenger(m);
        await Task.Delay(SessionSoak.IdleMaster);
        var before = MasterFootprint.Read(m.Pid);
        var clock = Stopwatch.StartNew();
        var runs = Enumerable.Range(1, s.Transfers)
            .Select(k => f.BashAsync(k % 2 == 1 ? Upload(passenger, k, s.TransferBytes) : Download(passenger, k, s.TransferBytes), TimeSpan.FromMinutes(40)))
            .ToArray();
        var results = await Task.WhenAll(runs);
        clock.Stop();
        long peakKb = MasterFootprint.StatusKb(m.Pid, "VmHWM");
        await Task.Delay(SessionSoak.IdleMaster); // recorded, not asserted: what the master keeps once idle again
        var after = MasterFootprint.Read(m.Pid);

        var wrong = new List<string>();
        for (int k = 1; k <= s.Transfers; k++)
        {
            // Each script prints "exit-status source-hash destination-hash".
            var r = results[k - 1];
            var fields = r.Stdout.Split(' ', '\n');
            bool ok = r.ExitCode == 0 && fields.Length >= 3 && fields[0] == "0" && fields[1].Length == 64 && fields[1] == fields[2];
            if (!ok) wrong.Add($"{(k % 2 == 1 ? "upload" : "download")} #{k}: rc={r.ExitCode} out='{r.Stdout.Trim()}' err='{r.Stderr.Trim()}'");
        }
        double mb = s.Transfers * (double)s.TransferBytes / (1 << 20);
        ReliabilityRecord.Write("load", $"{s.Transfers} concurrent {s.TransferSize} transfers ({(s.Transfers + 1) / 2} up, {s.Transfers / 2} down)",
            wrong.Count == 0 ? "every SHA-256 equal" : $"{wrong.Count} wrong",
            string.Create(CultureInfo.InvariantCulture,
                $"{clock.Elapsed.TotalSeconds:0} s, {mb / clock.Elapsed.TotalSeconds:0} MB/s in all; master peak VmRSS {peakKb / 1024.0:0.0} MB; idle before and after: {MasterFootprint.Describe(before, after)}"));

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(m.Pid, await f.CheckPidAsync(Tool.Braid, m.Path));
    }

    /// <summary>A bash function `gen KEY` writing the stream for that key (the same text runs on both sides).
    /// openssl fails when head has read enough and closes the pipe: that is the end, not an error.</summary>
    private static string Gen(long bytes) =>
        "gen() { (openssl enc -aes-128-ctr -nosalt -K \"$(printf %032x \"$1\")\" -iv 00000000000000000000000000000000 " +
        $"-in /dev/zero 2>/dev/null || :) | head -c {bytes}; }}";

    /// <summary>A fifo $f with sha256sum reading it in the background: `gen K | tee "$f"` then hashes the
    /// stream as it passes, without storing it. Ends with `&amp;`, so the next command follows directly.</summary>
    private static string HashingFifo(string hashTo) =>
        $"f=$(mktemp -u); mkfifo \"$f\"; sha256sum < \"$f\" | cut -d' ' -f1 {hashTo} &";

    /// <summary>Local stream → remote sha256sum.</summary>
    private static string Upload(string passenger, int key, long bytes) => $"""
        set -o pipefail
        {Gen(bytes)}
        src=$(mktemp)
        {HashingFifo("> \"$src\"")}
        dst=$(gen {key} | tee "$f" | {passenger} sha256sum | cut -d' ' -f1)
        rc=$?; wait; rm -f "$f"
        echo "$rc $(cat "$src") $dst"; rm -f "$src"
        """;

    /// <summary>Remote stream (its hash on the passenger's stderr) → local sha256sum.</summary>
    private static string Download(string passenger, int key, long bytes)
    {
        var remote = $"set -o pipefail; {Gen(bytes)}; {HashingFifo(">&2")} gen {key} | tee \"$f\"; s=$?; wait; rm -f \"$f\"; exit $s";
        return $"""
            set -o pipefail
            src=$(mktemp)
            dst=$({passenger} {LoadFixture.Quote(remote)} 2> "$src" | sha256sum | cut -d' ' -f1)
            rc=$?
            echo "$rc $(cat "$src") $dst"; rm -f "$src"
            """;
    }
}
