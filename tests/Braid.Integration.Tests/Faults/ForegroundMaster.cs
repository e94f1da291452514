using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Faults;

/// <summary>A master run in the foreground (so its last words can be read) is ready once its socket exists.</summary>
public static class ForegroundMaster
{
    public static async Task WaitForSocketAsync(string path, LiveProcess master, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(path) && !master.HasExited && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(File.Exists(path), $"{what} did not come up: {master.Stderr}");
    }
}
