using Braid.Ssh.HostKeys;
using static Braid.Ssh.Tests.HostKeys.TestKeys;

namespace Braid.Ssh.Tests.HostKeys;

public class KnownHostsFileTests
{
    [Fact]
    public void SkipsCommentsBlankAndGarbageButKeepsLineNumbers()
    {
        var text = string.Join("\n",
            "# a comment",
            "",
            "   \t",
            "garbage",
            "host-only-no-key",
            $"host1 {Ed} my comment  ",
            "host2 ssh-ed25519 !!!notbase64",
            $"host3 ssh-rsa {Ed.Split(' ')[1]}",       // blob type differs from the name
            "host4 ssh-foo AAAA",                       // unknown type
            $"@bogus host5 {Ed}",
            $"|1|notvalid|x {Ed}",
            $"  \thost6,host7\t{Rsa}") + "\n";
        var file = KnownHostsFile.Parse("/kh", text);

        Assert.Equal([6, 12], file.Entries.Select(e => e.LineNumber));
        Assert.Equal([4, 5, 7, 8, 9, 10, 11], file.InvalidLines);
        var first = file.Entries[0];
        Assert.Equal("host1", first.Hosts);
        Assert.Equal("ssh-ed25519", first.KeyType);
        Assert.Equal(BlobOf(Ed), first.KeyBlob);
        Assert.Equal("my comment", first.Comment);
        Assert.Equal("/kh", first.FilePath);
        Assert.Equal("host6,host7", file.Entries[1].Hosts);
        Assert.Equal("", file.Entries[1].Comment);
    }

    [Fact]
    public void Markers()
    {
        var file = KnownHostsFile.Parse("/kh", $"@cert-authority *.example.com {Ed}\n@revoked\thost {Ed2}\n@revoked @revoked host {Ed2}\n");
        Assert.Equal(KnownHostsMarker.CertAuthority, file.Entries[0].Marker);
        Assert.Equal(KnownHostsMarker.Revoked, file.Entries[1].Marker);
        Assert.Equal([3], file.InvalidLines); // only one marker per line
    }

    [Fact]
    public void RsaSha2NameIsReadAsSshRsa()
    {
        var file = KnownHostsFile.Parse("/kh", $"h rsa-sha2-512 {Rsa.Split(' ')[1]}");
        Assert.Equal("ssh-rsa", Assert.Single(file.Entries).KeyType);
    }

    [Fact]
    public void MissingFileIsEmpty()
    {
        var file = KnownHostsFile.Load("/nonexistent/braid/known_hosts");
        Assert.Empty(file.Entries);
    }

    [Fact]
    public void CrLfLinesAreRead()
    {
        var file = KnownHostsFile.Parse("/kh", $"h {Ed}\r\n");
        Assert.Equal(BlobOf(Ed), Assert.Single(file.Entries).KeyBlob);
    }

    [Fact]
    public void HashedEntryMatchesOnlyTheExactName()
    {
        var hashed = HashedHostName.Create("host.example.com");
        var file = KnownHostsFile.Parse("/kh", $"{hashed} {Ed}");
        var e = Assert.Single(file.Entries);
        Assert.True(e.IsHashed);
        Assert.True(e.MatchesHost("host.example.com"));
        Assert.False(e.MatchesHost("other.example.com"));
    }

    [Fact]
    public void KnownHashVector()
    {
        // Produced by ssh-keygen -H for "foo.example.com".
        var e = KnownHostsFile.Parse("/kh", $"|1|sFbSeTckAgOc3fIXQXfog0n2zj0=|kWGABPcHYrhb43axVRup5A+Daq4= {Ed}").Entries.Single();
        Assert.True(e.MatchesHost("foo.example.com"));
        Assert.False(e.MatchesHost("FOO.example.com")); // hashes are of the lowercased name; ssh lowercases first
    }

    [Fact]
    public void FilesHashedBySshKeygenMatch()
    {
        using var dir = new TempDir();
        var path = dir.File("known_hosts");
        File.WriteAllText(path, $"alpha.example.com,10.1.2.3 {Ed}\n[beta.example.com]:2222 {Rsa}\n");
        if (SshKeygen.Run("-H", "-f", path) is null) return; // ssh-keygen not installed
        var file = KnownHostsFile.Load(path);
        Assert.Equal(3, file.Entries.Count); // "-H" splits host,ip into two lines
        Assert.All(file.Entries, e => Assert.True(e.IsHashed));
        foreach (var name in new[] { "alpha.example.com", "10.1.2.3", "[beta.example.com]:2222" })
            Assert.Contains(file.Entries, e => e.MatchesHost(name));
        Assert.DoesNotContain(file.Entries, e => e.MatchesHost("beta.example.com"));
    }
}
