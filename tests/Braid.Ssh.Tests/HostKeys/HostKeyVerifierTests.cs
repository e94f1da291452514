using System.Security.Cryptography;
using Braid.Ssh.HostKeys;
using static Braid.Ssh.Tests.HostKeys.TestKeys;

namespace Braid.Ssh.Tests.HostKeys;

/// <summary>Expected transcripts were captured from OpenSSH 9.2p1 (Debian) connecting to a local sshd on
/// port 22741 whose host key is <see cref="TestKeys.Ed"/>, with -F /dev/null and the same known_hosts.</summary>
public class HostKeyVerifierTests : IDisposable
{
    private readonly TempDir _dir = new();
    private string KnownHosts => _dir.File("known_hosts");
    public void Dispose() => _dir.Dispose();

    private HostKeyVerificationRequest Request(string key = Ed) => new()
    {
        KeyType = TypeOf(key),
        KeyBlob = BlobOf(key),
        HostName = "127.0.0.1",
        Port = 22741,
        RemoteAddress = "127.0.0.1",
        UserKnownHostsFiles = [KnownHosts],
        GlobalKnownHostsFiles = ["/dev/null"],
        HomeDirectory = _dir.Path,
    };

    private static HostKeyVerificationResult Verify(HostKeyVerificationRequest request, ScriptedPrompter prompter)
        => new HostKeyVerifier(prompter).Verify(request);

    private const string AskBlock =
        "The authenticity of host '[127.0.0.1]:22741 ([127.0.0.1]:22741)' can't be established.\n" +
        "ED25519 key fingerprint is SHA256:8dJlvwHYQtdiMTCNfOv6HJbHzzH3YxrQSlElc8xsCIg.\n" +
        "This key is not known by any other names.\n" +
        "Are you sure you want to continue connecting (yes/no/[fingerprint])? ";

    [Fact]
    public void AskReprompsThenYesAddsTheKey()
    {
        var prompter = new ScriptedPrompter("maybe", "yes");
        var result = Verify(Request(), prompter);

        Assert.True(result.Accepted);
        Assert.True(result.HostKeyTrusted);
        Assert.Equal(HostKeyStatus.New, result.Status);
        Assert.Equal(
            AskBlock + "maybe\n" +
            "Please type 'yes', 'no' or the fingerprint: yes\n" +
            "Warning: Permanently added '[127.0.0.1]:22741' (ED25519) to the list of known hosts.\n",
            prompter.Transcript);
        Assert.Equal($"[127.0.0.1]:22741 {Ed}\n", File.ReadAllText(KnownHosts));
    }

    [Fact]
    public void AskAnsweredNoRejectsAndWritesNothing()
    {
        var prompter = new ScriptedPrompter("no");
        var result = Verify(Request(), prompter);
        Assert.False(result.Accepted);
        Assert.Equal(AskBlock + "no\nHost key verification failed.\n", prompter.Transcript);
        Assert.False(File.Exists(KnownHosts));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  NO  ")]
    [InlineData(null)] // EOF
    public void EmptyNoOrEofMeansNo(string? answer)
    {
        Assert.False(Verify(Request(), new ScriptedPrompter(answer)).Accepted);
    }

    [Theory]
    [InlineData(" YES")]
    [InlineData("SHA256:8dJlvwHYQtdiMTCNfOv6HJbHzzH3YxrQSlElc8xsCIg")]
    public void YesInAnyCaseOrTheFingerprintAccepts(string answer)
    {
        var prompter = new ScriptedPrompter(answer);
        Assert.True(Verify(Request(), prompter).Accepted);
        Assert.Equal(1, prompter.Questions);
    }

    [Fact]
    public void FingerprintComparisonIsExact()
    {
        var prompter = new ScriptedPrompter("sha256:8dJlvwHYQtdiMTCNfOv6HJbHzzH3YxrQSlElc8xsCIg", "no");
        Assert.False(Verify(Request(), prompter).Accepted);
        Assert.Equal(2, prompter.Questions);
    }

    [Fact]
    public void Md5FingerprintHash()
    {
        var prompter = new ScriptedPrompter(EdMd5Fingerprint);
        Assert.True(Verify(Request() with { FingerprintHash = HashAlgorithmName.MD5 }, prompter).Accepted);
        Assert.Contains($"ED25519 key fingerprint is {EdMd5Fingerprint}.\n", prompter.Transcript);
    }

    [Fact]
    public void BatchModeNeverAsks()
    {
        var prompter = new ScriptedPrompter("yes") { CanPrompt = false };
        Assert.False(Verify(Request(), prompter).Accepted);
        Assert.Equal(0, prompter.Questions);
        Assert.Equal("Host key verification failed.\n", prompter.Transcript);
    }

    [Fact]
    public void OtherNamesAreListed()
    {
        File.WriteAllText(KnownHosts, $"# c\notherhost,10.1.1.1 {Ed}\n|1|abc= junk\n[foo]:22741 {Ed}\n");
        var prompter = new ScriptedPrompter("no");
        Verify(Request(), prompter);
        Assert.StartsWith(
            "The authenticity of host '[127.0.0.1]:22741 ([127.0.0.1]:22741)' can't be established.\n" +
            "ED25519 key fingerprint is SHA256:8dJlvwHYQtdiMTCNfOv6HJbHzzH3YxrQSlElc8xsCIg.\n" +
            "This host key is known by the following other names/addresses:\n" +
            "    ~/known_hosts:2: otherhost,10.1.1.1\n" +
            "    ~/known_hosts:4: [foo]:22741\n" +
            "Are you sure you want to continue connecting (yes/no/[fingerprint])? ",
            prompter.Transcript);
    }

    [Fact]
    public void OtherNamesHashedAndCapped()
    {
        var lines = Enumerable.Range(1, 10).Select(i => HashedHostName.Create("h" + i) + " " + Ed);
        File.WriteAllLines(KnownHosts, lines);
        var prompter = new ScriptedPrompter("no");
        Verify(Request(), prompter);
        Assert.Contains("    ~/known_hosts:8: [hashed name]\n    (2 additional names omitted)\nAre you sure", prompter.Transcript);
    }

    [Fact]
    public void StrictYesRefusesNewKey()
    {
        var prompter = new ScriptedPrompter();
        Assert.False(Verify(Request() with { StrictHostKeyChecking = StrictHostKeyChecking.Yes }, prompter).Accepted);
        Assert.Equal(
            "No ED25519 host key is known for [127.0.0.1]:22741 and you have requested strict checking.\n" +
            "Host key verification failed.\n", prompter.Transcript);
    }

    [Theory]
    [InlineData(StrictHostKeyChecking.AcceptNew)]
    [InlineData(StrictHostKeyChecking.Off)]
    public void AcceptNewAndOffAddWithoutAsking(StrictHostKeyChecking mode)
    {
        var prompter = new ScriptedPrompter();
        var result = Verify(Request() with { StrictHostKeyChecking = mode }, prompter);
        Assert.True(result.Accepted);
        Assert.False(result.HostKeyTrusted); // not known, not confirmed: UpdateHostKeys stays off
        Assert.Equal("Warning: Permanently added '[127.0.0.1]:22741' (ED25519) to the list of known hosts.\n", prompter.Transcript);
        Assert.Equal($"[127.0.0.1]:22741 {Ed}\n", File.ReadAllText(KnownHosts));
    }

    [Fact]
    public void HashKnownHostsWritesHashedLine()
    {
        var prompter = new ScriptedPrompter();
        Verify(Request() with { StrictHostKeyChecking = StrictHostKeyChecking.AcceptNew, HashKnownHosts = true }, prompter);
        Assert.Contains("Warning: Permanently added '[127.0.0.1]:22741' (ED25519)", prompter.Transcript);
        var entry = Assert.Single(KnownHostsFile.Load(KnownHosts).Entries);
        Assert.True(entry.IsHashed);
        Assert.True(entry.MatchesHost("[127.0.0.1]:22741"));
    }

    [Fact]
    public void KnownKeyIsAcceptedSilently()
    {
        File.WriteAllText(KnownHosts, $"[127.0.0.1]:22741 {Ed}\n");
        var prompter = new ScriptedPrompter();
        var result = Verify(Request() with { UpdateHostKeys = true }, prompter);
        Assert.True(result.Accepted);
        Assert.True(result.HostKeyTrusted);
        Assert.True(result.UpdateHostKeysAllowed);
        Assert.Equal("", prompter.Transcript);
    }

    [Fact]
    public void KeyInGlobalFileDisablesUpdateHostKeys()
    {
        var global = _dir.File("global");
        File.WriteAllText(global, $"[127.0.0.1]:22741 {Ed}\n");
        var result = Verify(Request() with { GlobalKnownHostsFiles = [global], UpdateHostKeys = true }, new ScriptedPrompter());
        Assert.True(result.Accepted);
        Assert.False(result.UpdateHostKeysAllowed);
    }

    [Fact]
    public void NonStandardPortFallsBackToTheBareHostName()
    {
        File.WriteAllText(KnownHosts, $"127.0.0.1 {Ed}\n");
        var prompter = new ScriptedPrompter();
        var result = Verify(Request() with { UpdateHostKeys = true }, prompter);
        Assert.True(result.Accepted);
        Assert.False(result.UpdateHostKeysAllowed);
        Assert.Equal("", prompter.Transcript);
    }

    private const string ChangedBlock =
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
        "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n" +
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
        "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n" +
        "Someone could be eavesdropping on you right now (man-in-the-middle attack)!\n" +
        "It is also possible that a host key has just been changed.\n" +
        "The fingerprint for the ED25519 key sent by the remote host is\n" +
        "SHA256:8dJlvwHYQtdiMTCNfOv6HJbHzzH3YxrQSlElc8xsCIg.\n" +
        "Please contact your system administrator.\n" +
        "Add correct host key in {0} to get rid of this message.\n" +
        "Offending {1} key in {0}:1\n" +
        "  remove with:\n" +
        "  ssh-keygen -f \"{0}\" -R \"[127.0.0.1]:22741\"\n";

    [Theory]
    [InlineData(StrictHostKeyChecking.Ask, Ed2, "ED25519")]
    [InlineData(StrictHostKeyChecking.AcceptNew, Ed2, "ED25519")]
    [InlineData(StrictHostKeyChecking.Yes, Rsa, "RSA")]
    public void ChangedKeyIsRejected(StrictHostKeyChecking mode, string known, string knownType)
    {
        File.WriteAllText(KnownHosts, $"[127.0.0.1]:22741 {known}\n");
        var prompter = new ScriptedPrompter("yes");
        var result = Verify(Request() with { StrictHostKeyChecking = mode }, prompter);
        Assert.False(result.Accepted);
        Assert.Equal(HostKeyStatus.Changed, result.Status);
        Assert.Equal(0, prompter.Questions);
        Assert.Equal(
            string.Format(ChangedBlock, KnownHosts, knownType) +
            "Host key for [127.0.0.1]:22741 has changed and you have requested strict checking.\n" +
            "Host key verification failed.\n",
            prompter.Transcript);
        Assert.Equal($"[127.0.0.1]:22741 {known}\n", File.ReadAllText(KnownHosts));
    }

    [Fact]
    public void ChangedKeyWithStrictOffContinuesWithoutMitmAbleFeatures()
    {
        File.WriteAllText(KnownHosts, $"[127.0.0.1]:22741 {Ed2}\n");
        var prompter = new ScriptedPrompter();
        var result = Verify(Request() with { StrictHostKeyChecking = StrictHostKeyChecking.Off }, prompter);
        Assert.True(result.Accepted);
        Assert.False(result.HostKeyTrusted);
        Assert.True(result.DisablePasswordAuthentication);
        Assert.True(result.DisableKbdInteractiveAuthentication);
        Assert.False(result.DisableAgentForwarding);
        Assert.Equal(
            string.Format(ChangedBlock, KnownHosts, "ED25519") +
            "Password authentication is disabled to avoid man-in-the-middle attacks.\n" +
            "Keyboard-interactive authentication is disabled to avoid man-in-the-middle attacks.\n",
            prompter.Transcript);
        Assert.Equal($"[127.0.0.1]:22741 {Ed2}\n", File.ReadAllText(KnownHosts)); // the changed key is not replaced
    }

    [Fact]
    public void ChangedKeyWithStrictOffDisablesForwardingsAndUpdateHostKeys()
    {
        File.WriteAllText(KnownHosts, $"[127.0.0.1]:22741 {Ed2}\n");
        var prompter = new ScriptedPrompter();
        var result = Verify(Request() with
        {
            StrictHostKeyChecking = StrictHostKeyChecking.Off,
            PasswordAuthentication = false,
            KbdInteractiveAuthentication = false,
            ForwardAgent = true,
            ForwardX11 = true,
            HasPortForwards = true,
            TunnelRequested = true,
            UpdateHostKeys = true,
        }, prompter);
        Assert.True(result.Accepted);
        Assert.True(result.DisableAgentForwarding && result.DisableX11Forwarding && result.DisablePortForwarding && result.DisableTunnel);
        Assert.False(result.UpdateHostKeysAllowed);
        Assert.EndsWith(
            "Agent forwarding is disabled to avoid man-in-the-middle attacks.\n" +
            "X11 forwarding is disabled to avoid man-in-the-middle attacks.\n" +
            "Port forwarding is disabled to avoid man-in-the-middle attacks.\n" +
            "Tunnel forwarding is disabled to avoid man-in-the-middle attacks.\n" +
            "UpdateHostkeys is disabled because the host key is not trusted.\n",
            prompter.Transcript);
    }

    [Fact]
    public void ExitOnForwardFailureMakesItFatal()
    {
        File.WriteAllText(KnownHosts, $"[127.0.0.1]:22741 {Ed2}\n");
        var prompter = new ScriptedPrompter();
        var result = Verify(Request() with { StrictHostKeyChecking = StrictHostKeyChecking.Off, ExitOnForwardFailure = true }, prompter);
        Assert.False(result.Accepted);
        Assert.EndsWith("Error: forwarding disabled due to host key check failure\n", prompter.Transcript);
        Assert.DoesNotContain("Host key verification failed.", prompter.Transcript);
    }

    private const string RevokedBlock =
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
        "@       WARNING: REVOKED HOST KEY DETECTED!               @\n" +
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
        "The ED25519 host key for [127.0.0.1]:22741 is marked as revoked.\n" +
        "This could mean that a stolen key is being used to\n" +
        "impersonate this host.\n";

    [Fact]
    public void RevokedKeyIsRejected()
    {
        File.WriteAllText(KnownHosts, $"@revoked * {Ed}\n[127.0.0.1]:22741 {Ed}\n");
        var prompter = new ScriptedPrompter("yes");
        var result = Verify(Request(), prompter);
        Assert.False(result.Accepted);
        Assert.Equal(HostKeyStatus.Revoked, result.Status);
        Assert.Equal(
            RevokedBlock +
            "ED25519 host key for [127.0.0.1]:22741 was revoked and you have requested strict checking.\n" +
            "Host key verification failed.\n",
            prompter.Transcript);
    }

    [Fact]
    public void RevokedKeyWithStrictOffContinuesUnsafely()
    {
        File.WriteAllText(KnownHosts, $"@revoked * {Ed}\n");
        var prompter = new ScriptedPrompter();
        var result = Verify(Request() with { StrictHostKeyChecking = StrictHostKeyChecking.Off }, prompter);
        Assert.True(result.Accepted);
        Assert.True(result.DisablePasswordAuthentication);
        Assert.Equal(
            RevokedBlock +
            "Password authentication is disabled to avoid man-in-the-middle attacks.\n" +
            "Keyboard-interactive authentication is disabled to avoid man-in-the-middle attacks.\n",
            prompter.Transcript);
    }

    [Fact]
    public void CertAuthorityLineDoesNotVouchForAPlainKey()
    {
        File.WriteAllText(KnownHosts, $"@cert-authority * {Ed}\n");
        var prompter = new ScriptedPrompter("no");
        Assert.False(Verify(Request(), prompter).Accepted);
        Assert.Equal(AskBlock + "no\nHost key verification failed.\n", prompter.Transcript);
    }

    [Fact]
    public void HostKeyAliasIsUsedForLookupAndAdd()
    {
        var prompter = new ScriptedPrompter();
        Verify(Request() with { HostKeyAlias = "myalias", StrictHostKeyChecking = StrictHostKeyChecking.AcceptNew }, prompter);
        Assert.Equal("Warning: Permanently added 'myalias' (ED25519) to the list of known hosts.\n", prompter.Transcript);
        Assert.Equal($"myalias {Ed}\n", File.ReadAllText(KnownHosts));
    }

    [Fact]
    public void HostNameIsLowercasedAndPort22HasNoBrackets()
    {
        var prompter = new ScriptedPrompter();
        Verify(Request() with { HostName = "Server.Example.COM", Port = 22, RemoteAddress = "192.0.2.9", StrictHostKeyChecking = StrictHostKeyChecking.AcceptNew }, prompter);
        Assert.Equal($"server.example.com {Ed}\n", File.ReadAllText(KnownHosts));
    }

    [Fact]
    public void ProxyCommandHasNoAddress()
    {
        var prompter = new ScriptedPrompter("no");
        Verify(Request() with { RemoteAddress = null }, prompter);
        Assert.StartsWith("The authenticity of host '[127.0.0.1]:22741 (<no hostip for proxy command>)' can't be established.\n", prompter.Transcript);
    }

    [Fact]
    public void NoUserKnownHostsFilesMeansNewKeysFailQuietly()
    {
        var prompter = new ScriptedPrompter("yes");
        var result = Verify(Request() with { UserKnownHostsFiles = [] }, prompter);
        Assert.False(result.Accepted);
        Assert.Equal("Host key verification failed.\n", prompter.Transcript);
    }

    [Fact]
    public void WriteFailureIsReportedButTheConnectionGoesOn()
    {
        var blocked = _dir.File("blocked");
        File.WriteAllText(blocked, "a file where a directory should be");
        var target = Path.Combine(blocked, "known_hosts");
        var prompter = new ScriptedPrompter("yes");
        var result = Verify(Request() with { UserKnownHostsFiles = [target] }, prompter);
        Assert.True(result.Accepted);
        Assert.EndsWith($"Failed to add the host to the list of known hosts ({target}).\n", prompter.Transcript);
    }

    [Fact]
    public void LocalhostExemption()
    {
        File.WriteAllText(KnownHosts, $"[127.0.0.1]:22741 {Ed2}\n");
        var prompter = new ScriptedPrompter();
        var result = Verify(Request() with { NoHostAuthenticationForLocalhost = true, RemoteIsLoopback = true }, prompter);
        Assert.True(result.Accepted);
        Assert.Equal("", prompter.Transcript);
    }

    [Fact]
    public void CheckHostIpAddsHostAndAddressTogether()
    {
        var prompter = new ScriptedPrompter("yes");
        var result = Verify(Request() with { HostName = "server", Port = 22, RemoteAddress = "192.0.2.9", CheckHostIP = true }, prompter);
        Assert.True(result.Accepted);
        Assert.StartsWith("The authenticity of host 'server (192.0.2.9)' can't be established.\n", prompter.Transcript);
        Assert.EndsWith("Warning: Permanently added 'server,192.0.2.9' (ED25519) to the list of known hosts.\n", prompter.Transcript);
        Assert.Equal($"server,192.0.2.9 {Ed}\n", File.ReadAllText(KnownHosts));
    }

    [Fact]
    public void CheckHostIpAddsMissingAddressForKnownHost()
    {
        File.WriteAllText(KnownHosts, $"server {Ed}\n");
        var prompter = new ScriptedPrompter();
        var result = Verify(Request() with { HostName = "server", Port = 22, RemoteAddress = "192.0.2.9", CheckHostIP = true }, prompter);
        Assert.True(result.Accepted);
        Assert.Equal("Warning: Permanently added the ED25519 host key for IP address '192.0.2.9' to the list of known hosts.\n", prompter.Transcript);
        Assert.Equal($"server {Ed}\n192.0.2.9 {Ed}\n", File.ReadAllText(KnownHosts));
    }

    [Fact]
    public void CheckHostIpWarnsWhenAddressKeyDiffers()
    {
        File.WriteAllText(KnownHosts, $"server {Ed}\n192.0.2.9 {Ed2}\n");
        var prompter = new ScriptedPrompter("no");
        var result = Verify(Request() with { HostName = "server", Port = 22, RemoteAddress = "192.0.2.9", CheckHostIP = true }, prompter);
        Assert.False(result.Accepted);
        Assert.Equal(
            "Warning: the ED25519 host key for 'server' differs from the key for the IP address '192.0.2.9'\n" +
            $"Offending key for IP in {KnownHosts}:2\n" +
            $"Matching host key in {KnownHosts}:1\n" +
            "Are you sure you want to continue connecting (yes/no)? no\n" +
            "Host key verification failed.\n",
            prompter.Transcript);
    }

    [Fact]
    public void CheckHostIpDnsSpoofingBlock()
    {
        File.WriteAllText(KnownHosts, $"server {Ed2}\n192.0.2.9 {Ed}\n");
        var prompter = new ScriptedPrompter();
        var result = Verify(Request() with { HostName = "server", Port = 22, RemoteAddress = "192.0.2.9", CheckHostIP = true }, prompter);
        Assert.False(result.Accepted);
        Assert.StartsWith(
            "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
            "@       WARNING: POSSIBLE DNS SPOOFING DETECTED!          @\n" +
            "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
            "The ED25519 host key for server has changed,\n" +
            "and the key for the corresponding IP address 192.0.2.9\n" +
            "is unchanged. This could either mean that\n" +
            "DNS SPOOFING is happening or the IP address for the host\n" +
            "and its host key have changed at the same time.\n" +
            $"Offending key for IP in {KnownHosts}:2\n" +
            "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
            "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n",
            prompter.Transcript);
    }

    [Fact]
    public void StrictParser()
    {
        foreach (var (text, mode) in new[] { ("yes", StrictHostKeyChecking.Yes), ("no", StrictHostKeyChecking.Off),
                     ("off", StrictHostKeyChecking.Off), ("ASK", StrictHostKeyChecking.Ask), ("accept-new", StrictHostKeyChecking.AcceptNew) })
        {
            Assert.True(StrictHostKeyCheckingParser.TryParse(text, out var parsed));
            Assert.Equal(mode, parsed);
        }
        Assert.False(StrictHostKeyCheckingParser.TryParse("maybe", out _));
    }
}
