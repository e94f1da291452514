using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Faults;

/// <summary>Finds the sshd processes serving one client connection: those (among the server's descendants)
/// holding a TCP socket whose peer is the client's source port.</summary>
public static class SshdConnection
{
    public static List<int> ProcessesServing(SshdServer server, int clientPort)
    {
        var inodes = new HashSet<string>();
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 10) continue;
            if (PortOf(f[1]) == server.Port && PortOf(f[2]) == clientPort) inodes.Add(f[9]);
        }
        var pids = new List<int>();
        foreach (int pid in SshdServer.Descendants(server.Pid))
        {
            try
            {
                if (Directory.EnumerateFiles($"/proc/{pid}/fd").Any(fd => new FileInfo(fd).LinkTarget is { } t
                        && t.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(t[8..^1])))
                    pids.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return pids;
    }

    private static int PortOf(string hexEndpoint) => Convert.ToInt32(hexEndpoint[(hexEndpoint.IndexOf(':') + 1)..], 16);
}
