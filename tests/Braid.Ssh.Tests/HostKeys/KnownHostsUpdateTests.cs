using System.Security.Cryptography;
using Braid.Ssh.HostKeys;
using Braid.Ssh.Keys;
using static Braid.Ssh.Tests.HostKeys.TestKeys;

namespace Braid.Ssh.Tests.HostKeys;

/// <summary>What UpdateHostKeys decides from known_hosts (hostkeys_find) and how it edits the file
/// (hostfile_replace_entries), checked against lines real ssh 9.2 keeps and writes.</summary>
public class KnownHostsUpdateTests
{
    private const string Host = "[127.0.0.1]:2222";
    private static PublicKey K(string key) => PublicKeyParser.Parse(BlobOf(key));
    private static KnownHostsUpdatePlan Plan(string text, params string[] keys)
        => KnownHostsUpdatePlan.Make(keys.Select(K).ToList(), Host, null, [KnownHostsFile.Parse("kh", text)]);

    [Fact]
    public void NewAndObsoleteKeysAreFound()
    {
        var plan = Plan($"{Host} {Ed}\n{Host} {Ed2}\nother {Rsa}\n", Ed, Rsa);
        Assert.Equal([KnownHostsUpdatePlan.Match.Host, KnownHostsUpdatePlan.Match.None], plan.KeyMatches);
        Assert.Equal(1, plan.NewCount);
        Assert.Equal(BlobOf(Ed2), Assert.Single(plan.OldKeys).KeyBlob);
        // Rsa sits under another name: ssh leaves such files alone.
        Assert.True(plan.OtherNameSeen);
    }

    [Fact]
    public void AHashedLineCountsForItsHost()
    {
        var line = KnownHostsLineFormatter.Format(Host, null, TypeOf(Ed), BlobOf(Ed), hash: true)[0];
        var plan = Plan(line + "\n", Ed, Rsa);
        Assert.Equal(KnownHostsUpdatePlan.Match.Host, plan.KeyMatches[0]);
        Assert.False(plan.OtherNameSeen);
        Assert.False(plan.ComplexHostSpec);
    }

    [Theory]
    [InlineData("[127.0.0.1]:*")]
    [InlineData("[127.0.0.1]:2222,a,b")]
    public void WildcardsAndLongListsAreTooComplex(string hosts)
        => Assert.True(Plan($"{hosts} {Ed}\n", Ed, Rsa).ComplexHostSpec);

    [Fact]
    public void MarkersAreTooComplex()
        => Assert.True(Plan($"@cert-authority {Host} {Ed2}\n{Host} {Ed}\n", Ed, Rsa).ComplexHostSpec);

    [Fact]
    public void AnObsoleteKeyUnderAnotherNameIsSeen()
    {
        var plan = Plan($"{Host} {Ed}\n{Host} {Ed2}\nelsewhere {Ed2}\n", Ed);
        Assert.True(plan.OldKeySeen);
        Assert.False(plan.OtherNameSeen);
    }

    [Fact]
    public void ReplacementKeepsOtherLinesDropsOldKeysAndAppendsNewOnes()
    {
        var text = $"# mine\n{Host} {Ed2}\nother {Ed2}\n\n{Host} {Ed}\ngarbage\n@revoked {Host} {Rsa}";
        var r = KnownHostsReplacement.Apply("/k/kh", text, Host, null, [K(Ed), K(Rsa)], hash: false, HashAlgorithmName.SHA256);
        Assert.Equal($"# mine\nother {Ed2}\n\n{Host} {Ed}\ngarbage\n@revoked {Host} {Rsa}\n{Host} {Rsa}\n", r.NewText);
        Assert.Equal([
            $"/k/kh:2: Removed ED25519 key for host {Host}",
            "/k/kh:6: invalid known_hosts entry",
            $"Adding new key for {Host} to /k/kh: ssh-rsa {K(Rsa).Fingerprint(HashAlgorithmName.SHA256)}",
        ], r.Messages);
    }

    [Fact]
    public void NothingToChangeLeavesTheFileAlone()
    {
        var r = KnownHostsReplacement.Apply("kh", $"{Host} {Ed}\n", Host, null, [K(Ed)], hash: false, HashAlgorithmName.SHA256);
        Assert.Null(r.NewText);
        Assert.Empty(r.Messages);
    }

    [Fact]
    public void HashedAdditionsAreFoundBySshKeygen()
    {
        using var dir = new TempDir();
        var path = dir.File("known_hosts");
        var r = KnownHostsReplacement.Apply(path, $"{Host} {Ed}\n", Host, null, [K(Ed), K(Rsa)], hash: true, HashAlgorithmName.SHA256);
        Assert.StartsWith("|1|", r.NewText!.Split('\n')[1]);
        File.WriteAllText(path, r.NewText);
        var found = SshKeygen.Run("-F", Host, "-f", path);
        if (found is null) return; // ssh-keygen not installed
        Assert.Contains("ssh-rsa", found.Value.Stdout);
        Assert.Contains("ssh-ed25519", found.Value.Stdout);
    }

    [Fact]
    public void AMatchUnderTheAddressOnlyIsFixedWithAHostLine()
    {
        var r = KnownHostsReplacement.Apply("kh", $"127.0.0.1 {Ed}\n", Host, "127.0.0.1", [K(Ed)], hash: false, HashAlgorithmName.SHA256);
        Assert.Equal($"127.0.0.1 {Ed}\n{Host} {Ed}\n", r.NewText);
        Assert.StartsWith($"Fixing match (hostname) for {Host},127.0.0.1 to kh: ssh-ed25519 {EdFingerprint}", r.Messages.Single());
    }

    [Fact]
    public void RewriteKeepsABackupOfWhatItReplaced()
    {
        using var dir = new TempDir();
        var path = dir.File("known_hosts");
        File.WriteAllText(path, "old\n");
        new AtomicFileAppender(dir.File(".ssh")).Rewrite(path, old => "new\n"u8.ToArray(), path + ".old");
        Assert.Equal("new\n", File.ReadAllText(path));
        Assert.Equal("old\n", File.ReadAllText(path + ".old"));
        new AtomicFileAppender(dir.File(".ssh")).Rewrite(path, _ => null, path + ".old");
        Assert.Equal("new\n", File.ReadAllText(path));
        Assert.Equal("old\n", File.ReadAllText(path + ".old"));
    }
}
