using System.Security.Cryptography;

namespace Braid.Unix.Tests;

public class StartupPagesTests
{
    private static long FileRssKb() =>
        long.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("RssFile:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void ReleasedPagesComeBackOnUseAndNothingBreaks()
    {
        // This test host has run plenty of code: there are clean file pages to hand back.
        var before = SHA256.HashData("abc"u8.ToArray());
        long rssBefore = FileRssKb();
        long released = StartupPages.Release();
        Assert.True(released > 0, "nothing was released");
        Assert.True(FileRssKb() < rssBefore, $"RssFile did not shrink ({rssBefore} kB before)");
        // Code, read-only data and libraries (libcrypto through .NET) still work: their pages fault back in.
        Assert.Equal(before, SHA256.HashData("abc"u8.ToArray()));
        Assert.True(StartupPages.Release() >= 0);
    }
}
