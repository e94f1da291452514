using static Braid.Cli.Tests.CommandLine.TestEnvironment;
using Braid.Cli.CommandLine;

namespace Braid.Cli.Tests.CommandLine;

public class GetoptTests
{
    [Fact]
    public void CombinedFlagsAreEachApplied() =>
        Assert.Equal(["SessionType none", "RequestTTY no", "ForkAfterAuthentication yes", "StdinNull yes", "ControlMaster yes"],
            Options("-NfM", "h"));

    [Fact]
    public void AttachedAndSeparateArgumentsAreEquivalent()
    {
        Assert.Equal(["Port 2222"], Options("-p2222", "h"));
        Assert.Equal(["Port 2222"], Options("-p", "2222", "h"));
    }

    [Fact]
    public void ArgumentCanEndACluster() => Assert.Equal(["Compression yes", "Port 22"], Options("-Cp", "22", "h"));

    [Fact]
    public void ArgumentMayBeEmpty() => Assert.Equal("Bad port ''\n", Error("-p", "", "h"));

    [Fact]
    public void UnknownOptionPrintsGetoptMessageAndUsage() =>
        Assert.Equal("unknown option -- z\r\n" + UsageText.Text, Error("-z", "h"));

    [Fact]
    public void MissingArgumentPrintsGetoptMessageAndUsage() =>
        Assert.Equal("option requires an argument -- p\r\n" + UsageText.Text, Error("-vp"));

    [Fact]
    public void DoubleDashWordWithLettersIsUnknownOptionDash() =>
        Assert.Equal("unknown option -- -\r\n" + UsageText.Text, Error("--foo", "h"));

    [Fact]
    public void DashEndingAClusterEndsOptionsAndBecomesTheDestination() =>
        Assert.Equal("hostname contains invalid characters\r\n", Error("-v-", "h"));

    [Fact]
    public void LoneDashIsTheDestination() =>
        Assert.Equal("hostname contains invalid characters\r\n", Error("-"));

    [Fact]
    public void NoArgumentsPrintsUsage() => Assert.Equal(UsageText.Text, Error());

    [Fact]
    public void OnlyFlagsPrintsUsage() => Assert.Equal(UsageText.Text, Error("-v", "-4"));

    [Fact]
    public void ColonIsNotAnOption() => Assert.Equal("unknown option -- :\r\n" + UsageText.Text, Error("-:", "h"));
}
