namespace Braid.Config.Tests;

public class CommandLineFlagsTests
{
    [Fact]
    public void FlagsBecomeKeywordSettings()
    {
        Assert.Equal([("ForwardAgent", "yes")], CommandLineFlags.ToOptions('A'));
        Assert.Equal([("RequestTTY", "force")], CommandLineFlags.ToOptions('t', occurrence: 2));
        Assert.Equal([("ControlMaster", "ask")], CommandLineFlags.ToOptions('M', occurrence: 2));
        Assert.Equal([("ProxyJump", "bastion")], CommandLineFlags.ToOptions('J', "bastion"));
        Assert.Equal([("Port=2", "")], CommandLineFlags.ToOptions('o', "Port=2"));
        Assert.Null(CommandLineFlags.ToOptions('G'));
    }

    [Fact]
    public void TranslatedFlagsResolve()
    {
        var opts = new List<(string, string)>();
        foreach (var (f, a) in new (char, string?)[] { ('N', null), ('C', null), ('S', "/tmp/cm-%h"), ('w', "3:4"), ('e', "^B") })
            opts.AddRange(CommandLineFlags.ToOptions(f, a)!);
        var c = TestConfig.Resolve("RequestTTY force\nSessionType default\n", options: opts);
        Assert.Equal(SessionTypeMode.None, c.SessionType);
        Assert.Equal(RequestTtyMode.No, c.RequestTty);
        Assert.True(c.Compression);
        Assert.Equal("/tmp/cm-h", c.ControlPath);
        Assert.Equal(TunnelMode.PointToPoint, c.Tunnel);
        Assert.Equal((3, 4), c.TunnelDevice);
        Assert.Equal(2, c.EscapeChar);
    }
}
