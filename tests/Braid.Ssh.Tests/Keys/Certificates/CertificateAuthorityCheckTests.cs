using Braid.Ssh.Keys.Certificates;

namespace Braid.Ssh.Tests.Keys.Certificates;

/// <summary>sshkey_cert_check_authority / sshkey_cert_check_host on certificates made by ssh-keygen -s;
/// the reasons are OpenSSH's texts.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CertificateAuthorityCheckTests(CertificateFixture f) : IClassFixture<CertificateFixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void AValidHostCertificateNamingTheHostPasses()
    {
        var cert = f.Parse(f.SignWithKeygen("ed25519", "ca-ed25519", "-h", "-n", "127.0.0.1,h"));
        Assert.Null(CertificateAuthorityCheck.CheckHost(cert, "127.0.0.1", null, Now));
        Assert.Null(CertificateAuthorityCheck.CheckHost(cert, "h", null, Now));
        Assert.Equal("Certificate invalid: name is not a listed principal", CertificateAuthorityCheck.CheckHost(cert, "other", null, Now));
    }

    [Fact]
    public void HostPrincipalsAreGlobPatternsAndAnEmptyListMeansAnyHost()
    {
        var wild = f.Parse(f.SignWithKeygen("ed25519", "ca-ed25519", "-h", "-n", "*.example.com"));
        Assert.Null(CertificateAuthorityCheck.CheckHost(wild, "www.example.com", null, Now));
        Assert.NotNull(CertificateAuthorityCheck.CheckHost(wild, "example.com", null, Now));
        var any = f.Parse(f.SignWithKeygen("ed25519", "ca-ed25519", "-h"));
        Assert.Empty(any.Principals);
        Assert.Null(CertificateAuthorityCheck.CheckHost(any, "anything", null, Now));
        // User principals are exact names, and a user certificate may be required to list some.
        var user = f.Parse(f.SignWithKeygen("ed25519", "ca-ed25519", "-n", "a*"));
        Assert.Equal("Certificate invalid: name is not a listed principal",
            CertificateAuthorityCheck.CheckAuthority(user, wantHost: false, requirePrincipal: true, wildcardPrincipals: false, "alice", Now));
        var userNone = f.Parse(f.SignWithKeygen("ed25519", "ca-ed25519"));
        Assert.Equal("Certificate lacks principal list",
            CertificateAuthorityCheck.CheckAuthority(userNone, wantHost: false, requirePrincipal: true, wildcardPrincipals: false, "alice", Now));
    }

    [Fact]
    public void WrongTypeIsRefused()
    {
        var user = f.Parse(f.SignWithKeygen("ecdsa256", "ca-rsa", "-n", "h"));
        Assert.Equal("Certificate invalid: not a host certificate", CertificateAuthorityCheck.CheckHost(user, "h", null, Now));
        var host = f.Parse(f.SignWithKeygen("ecdsa256", "ca-rsa", "-h", "-n", "u"));
        Assert.Equal("Certificate invalid: not a user certificate",
            CertificateAuthorityCheck.CheckAuthority(host, wantHost: false, requirePrincipal: true, wildcardPrincipals: false, "u", Now));
    }

    [Fact]
    public void ExpiredAndNotYetValidAreRefused()
    {
        var expired = f.Parse(f.SignWithKeygen("ed25519", "ca-ed25519", "-h", "-V", "20000101:20010101"));
        Assert.Equal("Certificate invalid: expired", CertificateAuthorityCheck.CheckHost(expired, "h", null, Now));
        var future = f.Parse(f.SignWithKeygen("ed25519", "ca-ed25519", "-h", "-V", "+52w:+104w"));
        Assert.Equal("Certificate invalid: not yet valid", CertificateAuthorityCheck.CheckHost(future, "h", null, Now));
        // The bounds: valid from valid_after inclusive to valid_before exclusive.
        var at = DateTimeOffset.FromUnixTimeSeconds((long)future.ValidAfter);
        Assert.Null(CertificateAuthorityCheck.CheckHost(future, "h", null, at));
        Assert.Equal("Certificate invalid: expired",
            CertificateAuthorityCheck.CheckHost(future, "h", null, DateTimeOffset.FromUnixTimeSeconds((long)future.ValidBefore)));
    }

    [Fact]
    public void CriticalOptionsMakeAHostCertificateUnusable()
    {
        var cert = f.Parse(f.SignWithKeygen("ed25519", "ca-ed25519", "-h", "-O", "force-command=ls"));
        Assert.Equal("force-command", Assert.Single(cert.CriticalOptions).Name);
        Assert.Equal("Certificate contains unsupported critical options", CertificateAuthorityCheck.CheckHost(cert, "h", null, Now));
    }

    [Fact]
    public void ValidityIsDescribedAsSshKeygenDoes()
    {
        foreach (var v in new[] { "always:forever", "20200101:20300101", "20200101:forever", "always:20300101" })
        {
            var path = f.SignWithKeygen("ed25519", "ca-ed25519", "-V", v);
            var listing = OpenSshTool.KeygenOk("-L", "-f", path).Stdout;
            Assert.Contains("Valid: " + CertificateValidity.Describe(f.Parse(path)) + "\n", listing);
        }
    }
}
