using System.Globalization;

namespace Braid.Integration.Tests.Load;

/// <summary>
/// What a long-running master holds, from /proc: open file descriptors, resident memory (VmRSS), and the
/// anonymous part of it (RssAnon: heap, stacks, native allocations — where a leak would show; the rest
/// is code and data read from files, which comes and goes with what the master last ran).
/// </summary>
public sealed record MasterFootprint(int Fds, long RssKb, long AnonKb, long Threads)
{
    public static MasterFootprint Read(int pid)
        => new(Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length, StatusKb(pid, "VmRSS"), StatusKb(pid, "RssAnon"),
            StatusKb(pid, "Threads"));

    /// <summary>A figure from /proc/PID/status: VmRSS (kB resident now), VmHWM (the most ever resident), RssAnon, Threads.</summary>
    public static long StatusKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>True if neither descriptors nor resident memory grew by more than the fraction over the baseline.</summary>
    public bool WithinOf(MasterFootprint baseline, double fraction)
        => Fds <= baseline.Fds * (1 + fraction) && RssKb <= baseline.RssKb * (1 + fraction);

    public static string Describe(MasterFootprint before, MasterFootprint after)
        => string.Create(CultureInfo.InvariantCulture,
            $"fds {before.Fds}→{after.Fds}, VmRSS {before.RssKb / 1024.0:0.0}→{after.RssKb / 1024.0:0.0} MB " +
            $"(anonymous {before.AnonKb / 1024.0:0.0}→{after.AnonKb / 1024.0:0.0}; threads {before.Threads}→{after.Threads})");
}
