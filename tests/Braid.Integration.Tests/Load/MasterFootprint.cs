using System.Globalization;

namespace Braid.Integration.Tests.Load;

/// <summary>What a long-running master holds: open file descriptors and resident memory, from /proc.</summary>
public sealed record MasterFootprint(int Fds, long RssKb)
{
    public static MasterFootprint Read(int pid)
    {
        int fds = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
        return new MasterFootprint(fds, StatusKb(pid, "VmRSS"));
    }

    /// <summary>A kB figure from /proc/PID/status: VmRSS (resident now), VmHWM (the most ever resident).</summary>
    public static long StatusKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>True if neither figure grew by more than the fraction over the baseline.</summary>
    public bool WithinOf(MasterFootprint baseline, double fraction)
        => Fds <= baseline.Fds * (1 + fraction) && RssKb <= baseline.RssKb * (1 + fraction);

    /// <summary>
    /// The footprint once it has settled back within the bound, or the last one seen at the deadline. A master
    /// that has just served its last session may still be closing channels, so this polls (a deadline, not a
    /// timing assertion).
    /// </summary>
    public static async Task<MasterFootprint> SettledAsync(int pid, MasterFootprint baseline, double fraction, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var now = Read(pid);
        while (!now.WithinOf(baseline, fraction) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            now = Read(pid);
        }
        return now;
    }

    public static string Describe(MasterFootprint before, MasterFootprint after)
        => string.Create(CultureInfo.InvariantCulture,
            $"fds {before.Fds}→{after.Fds}, VmRSS {before.RssKb / 1024.0:0.0}→{after.RssKb / 1024.0:0.0} MB");
}
