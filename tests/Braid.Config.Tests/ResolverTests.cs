namespace Braid.Config.Tests;

/// <summary>Typed accessors, Braid's inputs API and the keywords the 9.2 oracle cannot check.</summary>
public class ResolverTests
{
    [Fact]
    public void TypedAccessorsHaveOpenSshDefaults()
    {
        var c = TestConfig.Resolve("");
        Assert.Equal("h", c.HostName);
        Assert.Equal(22, c.Port);
        Assert.Equal("tester", c.User);
        Assert.Equal(StrictHostKeyChecking.Ask, c.StrictHostKeyChecking);
        Assert.Equal(["/home/tester/.ssh/known_hosts", "/home/tester/.ssh/known_hosts2"], c.UserKnownHostsFiles);
        Assert.Equal(["/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"], c.GlobalKnownHostsFiles);
        Assert.Equal("/home/tester/.ssh/id_rsa", c.IdentityFiles[0]);
        Assert.Equal("~/.ssh/id_rsa", c.IdentityFilesRaw[0]);
        Assert.Null(c.ConnectTimeout);
        Assert.Equal(1, c.ConnectionAttempts);
        Assert.Equal('~', c.EscapeChar);
        Assert.Null(c.ControlPersist);
        Assert.Equal(ControlMasterMode.No, c.ControlMaster);
        Assert.Equal(RequestTtyMode.Auto, c.RequestTty);
        Assert.Equal(SessionTypeMode.Default, c.SessionType);
        Assert.Equal(PubkeyAuthenticationMode.Yes, c.PubkeyAuthentication);
        Assert.Equal(LogLevel.Info, c.LogLevel);
        Assert.True(c.TcpKeepAlive);
        Assert.Equal(0, c.ServerAliveInterval);
        Assert.Equal(3, c.ServerAliveCountMax);
        Assert.Equal(0, c.RekeyLimitBytes);
        Assert.Equal(20, c.ObscureKeystrokeTimingMs);
        Assert.Equal(0, c.ControlPreopen);
        Assert.Equal(Convert.ToInt32("177", 8), c.StreamLocalBindMask);
        Assert.Equal(ConfigDefaults.OpenSsh92.Ciphers, c.Ciphers);
        Assert.Empty(c.Warnings);
    }

    [Fact]
    public void TypedAccessorsReflectConfiguration()
    {
        var c = TestConfig.Resolve("""
            Host h
              HostName Real.Example
              Port 2222
              User alice
              IdentityFile ~/.ssh/id_%h_%r
              IdentitiesOnly yes
              ControlMaster auto
              ControlPath ${XDG_RUNTIME_DIR}/cm-%C
              ControlPersist 10m
              ConnectTimeout 5
              RekeyLimit 1G 1h
              EscapeChar ^A
              ServerAliveInterval 30
              StrictHostKeyChecking accept-new
              SendEnv LANG
              SetEnv A=1 B=2
              LocalForward 8080 localhost:80
              DynamicForward 1080
              RemoteForward 9000 localhost:9000
              ProxyJump hop1,bob@hop2:2200
              Ciphers -chacha20-poly1305@openssh.com
            """);
        Assert.Equal("real.example", c.HostName);
        Assert.Equal(2222, c.Port);
        Assert.Equal("alice", c.User);
        Assert.Equal("/home/tester/.ssh/id_real.example_alice", c.IdentityFiles[0]);
        Assert.True(c.IdentitiesOnly);
        Assert.Equal(ControlMasterMode.Auto, c.ControlMaster);
        Assert.Equal("/run/user/1234/cm-" + TokenContext.ComputeConnectionHash("box.local", "real.example", "2222", "alice"), c.ControlPath);
        Assert.Equal(TimeSpan.FromMinutes(10), c.ControlPersist);
        Assert.Equal(TimeSpan.FromSeconds(5), c.ConnectTimeout);
        Assert.Equal(1L << 30, c.RekeyLimitBytes);
        Assert.Equal(3600, c.RekeyLimitSeconds);
        Assert.Equal(1, c.EscapeChar);
        Assert.Equal(StrictHostKeyChecking.AcceptNew, c.StrictHostKeyChecking);
        Assert.Equal(["A=1", "B=2"], c.SetEnv);
        Assert.Single(c.LocalForwards);
        Assert.Single(c.DynamicForwards);
        Assert.Equal(new Forward(null, 9000, null, "localhost", 9000, null), c.RemoteForwards[0]);
        Assert.Equal("hop2", c.ProxyJumpHost);
        Assert.Equal("bob", c.ProxyJumpUser);
        Assert.Equal(2200, c.ProxyJumpPort);
        Assert.Equal("hop1", c.ProxyJumpExtra);
        Assert.Equal("hop1,bob@hop2:2200", c.ProxyJump);
        Assert.Null(c.ProxyCommand);
        Assert.DoesNotContain("chacha20-poly1305@openssh.com", c.Ciphers);
        Assert.Equal("-chacha20-poly1305@openssh.com", c.GetRaw("ciphers"));
        Assert.Equal("Real.Example", c.GetRaw("HostName"));
        Assert.Null(c.GetRaw("BindAddress"));
    }

    [Fact]
    public void CommandLineOptionsWinAndFlagsFillOnlyUnsetValues()
    {
        var c = TestConfig.Resolve("User file\nPort 1\n", options: [("User", "cli"), ("Compression=yes", "")], user: "dash-l", port: 2000);
        Assert.Equal("cli", c.User);
        Assert.Equal(2000, c.Port);
        Assert.True(c.Compression);
    }

    [Fact]
    public void CommandLineErrorsUseOpenSshText()
    {
        var e = Assert.Throws<ConfigException>(() => TestConfig.Resolve("", options: [("Frobnicate", "1")]));
        Assert.Equal(["command-line: line 0: Bad configuration option: frobnicate"], e.Lines);
        Assert.Equal(255, e.ExitStatus);
        e = Assert.Throws<ConfigException>(() => TestConfig.Resolve("", options: [("Host", "x")]));
        Assert.Equal(["Host directive not supported as a command-line option"], e.Lines);
    }

    [Fact]
    public void MissingConfigFileIsFatal()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigResolver.Resolve(TestConfig.Request("/nonexistent/braid.cfg")));
        Assert.Equal(["Can't open user config file /nonexistent/braid.cfg: No such file or directory"], e.Lines);
    }

    [Fact]
    public void ConfigFileThatIsADirectoryIsEmpty()
    {
        var c = ConfigResolver.Resolve(TestConfig.Request(Path.GetTempPath()));
        Assert.Equal("tester", c.User);
    }

    [Fact]
    public void ConfigNoneReadsNothing()
    {
        var c = ConfigResolver.Resolve(TestConfig.Request("none"));
        Assert.Equal("tester", c.User);
    }

    [Fact]
    public void UserThenSystemFileWithoutDashF()
    {
        var home = Path.Combine(Path.GetTempPath(), "braid-home-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(home, ".ssh"));
        var user = Path.Combine(home, ".ssh", "config");
        var system = Path.Combine(home, "system_config");
        try
        {
            File.WriteAllText(user, "Host h\n  User from-user\nInclude extra.conf\n");
            File.WriteAllText(Path.Combine(home, ".ssh", "extra.conf"), "Port 2022\n");
            File.WriteAllText(system, "Host *\n  User from-system\n  Compression yes\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(user, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.SetUnixFileMode(Path.Combine(home, ".ssh", "extra.conf"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var c = ConfigResolver.Resolve(TestConfig.Request(null, home: home, systemFile: system));
            Assert.Equal("from-user", c.User);
            Assert.Equal(2022, c.Port);
            Assert.True(c.Compression);

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(user, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
                var e = Assert.Throws<ConfigException>(() => ConfigResolver.Resolve(TestConfig.Request(null, home: home, systemFile: system)));
                Assert.Equal([$"Bad owner or permissions on {user}"], e.Lines);
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void MatchExecUsesRunnerWithExpandedTokens()
    {
        var seen = new List<string>();
        var c = TestConfig.Resolve("Match exec \"probe %h %p %r %n\"\n  User via-exec\n", host: "Web",
            exec: cmd => { seen.Add(cmd); return 0; });
        Assert.Equal(["probe Web 22 tester Web"], seen); // first pass: %h is the name as typed
        Assert.Equal("via-exec", c.User);
    }

    [Fact]
    public void MatchExecRealShell()
    {
        var path = Path.Combine(Path.GetTempPath(), "braid-exec-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(path, "Match exec \"exit 0\"\n  User zero\nMatch exec \"exit 3\"\n  Port 3\n");
        try
        {
            var c = ConfigResolver.Resolve(TestConfig.Request(path));
            Assert.Equal("zero", c.User);
            Assert.Equal(22, c.Port);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CanonicalizationUsesResolverAndReparses()
    {
        var c = TestConfig.Resolve("""
            CanonicalizeHostname yes
            CanonicalDomains a.example b.example
            Match canonical host web.b.example
              User canon
            """, host: "web", resolver: n => n == "web.b.example." ? "web.b.example" : null);
        Assert.Equal("web.b.example", c.HostName);
        Assert.Equal("canon", c.User);
    }

    [Fact]
    public void CanonicalizationFollowsPermittedCname()
    {
        var c = TestConfig.Resolve("""
            CanonicalizeHostname yes
            CanonicalDomains corp.example
            CanonicalizePermittedCNAMEs *.corp.example:*.cdn.example
            """, host: "www", resolver: n => n == "www.corp.example." ? "edge1.cdn.example" : null);
        Assert.Equal("edge1.cdn.example", c.HostName);
    }

    [Fact]
    public void CanonicalizationWithoutFallbackFails()
    {
        var e = Assert.Throws<ConfigException>(() => TestConfig.Resolve(
            "CanonicalizeHostname yes\nCanonicalDomains a.example\nCanonicalizeFallbackLocal no\n", host: "nope"));
        Assert.Equal(["ssh: Could not resolve host \"nope\""], e.Lines);
    }

    [Fact]
    public void NewerKeywordsAndBraidExtensionAreAccepted()
    {
        var c = TestConfig.Resolve("""
            Tag work
            Match tagged work
              User tagged-user
            Match all
              ObscureKeystrokeTiming interval:80
              ChannelTimeout session=5m global=1h
              ControlPreopen 2
            """);
        Assert.Equal("work", c.Tag);
        Assert.Equal("tagged-user", c.User);
        Assert.Equal(80, c.ObscureKeystrokeTimingMs);
        Assert.Equal(["session=5m", "global=1h"], c.ChannelTimeouts);
        Assert.Equal(2, c.ControlPreopen);
        // ssh 9.2 would not print these, so neither does the -G dump.
        var dump = c.DumpLikeSshG();
        Assert.DoesNotContain("controlpreopen", dump);
        Assert.DoesNotContain("obscurekeystroketiming", dump);
        Assert.DoesNotContain("\ntag ", dump);
    }

    [Fact]
    public void ObscureKeystrokeTimingNoAndErrors()
    {
        Assert.Equal(0, TestConfig.Resolve("ObscureKeystrokeTiming no\n").ObscureKeystrokeTimingMs);
        var e = Assert.Throws<ConfigException>(() => TestConfig.Resolve("ObscureKeystrokeTiming interval:5000\n"));
        Assert.Contains(e.Lines, l => l.EndsWith("line 1: value out of range.", StringComparison.Ordinal));
    }

    [Fact]
    public void LocalCommandExpandsWithTunnelToken()
    {
        var c = TestConfig.Resolve("LocalCommand echo %h %T %r\n");
        Assert.Equal("echo %h %T %r", c.LocalCommand);
        Assert.Equal("echo h NONE tester", c.ExpandLocalCommand());
        Assert.Equal("echo h tun0 tester", c.ExpandLocalCommand("tun0"));
    }

    [Fact]
    public void UnsupportedOptionsBecomeWarnings()
    {
        var c = TestConfig.Resolve("RSAAuthentication yes\n");
        Assert.Single(c.Warnings);
        Assert.EndsWith("line 1: Unsupported option \"rsaauthentication\"", c.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void KnownHostsNoneMeansEmptyList()
    {
        var c = TestConfig.Resolve("UserKnownHostsFile none\nGlobalKnownHostsFile none\n");
        Assert.Empty(c.UserKnownHostsFiles);
        Assert.Empty(c.GlobalKnownHostsFiles);
    }

    [Fact]
    public void KeywordTableCoversOpenSshAndBraid()
    {
        foreach (var k in new[] { "requiredrsasize", "enableescapecommandline", "obscurekeystroketiming", "channeltimeout", "tag", "controlpreopen", "knownhostscommand", "sessiontype", "stdinnull", "forkafterauthentication" })
            Assert.NotEqual(Keyword.BadOption, KeywordTable.Lookup(k));
        Assert.Equal("pkcs11provider", KeywordTable.CanonicalName(KeywordTable.Lookup("smartcarddevice")));
        Assert.Equal("kbdinteractiveauthentication", KeywordTable.CanonicalName(KeywordTable.Lookup("challengeresponseauthentication")));
    }

    [Theory]
    [InlineData("yes", 1)]
    [InlineData("no", 0)]
    [InlineData("3", 3)]
    public void ControlPreopenTakesYesNoOrACount(string value, int expected)
    {
        var c = TestConfig.Resolve($"ControlPreopen {value}\n");
        Assert.Equal(expected, c.ControlPreopen);
    }
}
