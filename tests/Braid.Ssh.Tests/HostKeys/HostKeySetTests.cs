using Braid.Ssh.HostKeys;
using static Braid.Ssh.Tests.HostKeys.TestKeys;

namespace Braid.Ssh.Tests.HostKeys;

public class HostKeySetTests
{
    private static HostKeyCheck Check(string host, string key, params (string Path, string Text)[] files)
        => HostKeySet.ForHost(host, files.Select(f => KnownHostsFile.Parse(f.Path, f.Text)))
            .Check(TypeOf(key), BlobOf(key));

    [Fact]
    public void SameKeyIsOk()
    {
        var r = Check("server", Ed, ("/u", $"other {Ed2}\nfoo,server,bar {Ed}\n"));
        Assert.Equal(HostKeyStatus.Ok, r.Status);
        Assert.Equal(2, r.Found!.LineNumber);
    }

    [Fact]
    public void NothingForTheHostIsNew()
    {
        var r = Check("server", Ed, ("/u", $"other {Ed2}\n"));
        Assert.Equal(HostKeyStatus.New, r.Status);
        Assert.Null(r.Found);
    }

    [Fact]
    public void DifferentKeyOfSameTypeIsChanged()
    {
        var r = Check("server", Ed, ("/u", $"# c\nserver {Ed2}\n"));
        Assert.Equal(HostKeyStatus.Changed, r.Status);
        Assert.Equal(("/u", 2), (r.Found!.FilePath, r.Found.LineNumber));
    }

    [Fact]
    public void KeyOfAnotherTypeOnlyIsChangedLikeOpenSsh()
    {
        // Verified against ssh 9.2: "Offending RSA key in …" for an ED25519 server key.
        var r = Check("server", Ed, ("/u", $"server {Rsa}\n"));
        Assert.Equal(HostKeyStatus.Changed, r.Status);
        Assert.Equal("ssh-rsa", r.Found!.KeyType);
    }

    [Fact]
    public void MatchAnywhereWinsOverMismatchesAndLastMismatchIsOffending()
    {
        var r = Check("server", Ed, ("/u", $"server {Ed2}\n"), ("/g", $"server {Ed}\n"));
        Assert.Equal(HostKeyStatus.Ok, r.Status);
        Assert.Equal("/g", r.Found!.FilePath);

        var changed = Check("server", Ed, ("/u", $"server {Ed2}\n"), ("/g", $"x\nserver {Rsa}\n"));
        Assert.Equal(HostKeyStatus.Changed, changed.Status);
        Assert.Equal(("/g", 2), (changed.Found!.FilePath, changed.Found.LineNumber));
    }

    [Fact]
    public void NegatedPatternExcludesHost()
    {
        Assert.Equal(HostKeyStatus.New, Check("bad.example.com", Ed, ("/u", $"*.example.com,!bad.example.com {Ed2}\n")).Status);
        Assert.Equal(HostKeyStatus.Changed, Check("ok.example.com", Ed, ("/u", $"*.example.com,!bad.example.com {Ed2}\n")).Status);
    }

    [Fact]
    public void PortIsPartOfTheName()
    {
        Assert.Equal(HostKeyStatus.Ok, Check("[server]:2222", Ed, ("/u", $"[server]:2222 {Ed}\n")).Status);
        Assert.Equal(HostKeyStatus.New, Check("[server]:2222", Ed, ("/u", $"server {Ed}\n")).Status);
        Assert.Equal(HostKeyStatus.New, Check("server", Ed, ("/u", $"[server]:2222 {Ed}\n")).Status);
    }

    [Fact]
    public void RevokedOverridesOk()
    {
        var r = Check("server", Ed, ("/u", $"server {Ed}\n"), ("/g", $"@revoked * {Ed}\n"));
        Assert.Equal(HostKeyStatus.Revoked, r.Status);
        Assert.Null(r.Found);
    }

    [Fact]
    public void CertAuthorityIsNeverAPlainHostKey()
    {
        var set = HostKeySet.ForHost("server", [KnownHostsFile.Parse("/u", $"@cert-authority * {Ed}\n")]);
        Assert.True(set.HasCertificateAuthority);
        Assert.Equal(HostKeyStatus.New, set.Check(TypeOf(Ed), BlobOf(Ed)).Status);
    }

    [Fact]
    public void HashedEntryWithPort()
    {
        var line = HashedHostName.Create("[127.0.0.1]:2222") + " " + Ed;
        Assert.Equal(HostKeyStatus.Ok, Check("[127.0.0.1]:2222", Ed, ("/u", line)).Status);
        Assert.Equal(HostKeyStatus.New, Check("127.0.0.1", Ed, ("/u", line)).Status);
    }
}
