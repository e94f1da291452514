using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Core;

/// <summary>An sshd that trusts a throwaway user CA (TrustedUserCAKeys) and, in ca/, keys whose public
/// halves are in no authorized_keys file: ed25519 and rsa keys with a user certificate for root next to
/// them, a bare ed25519 key, and a certificate for that bare key kept elsewhere (for CertificateFile).</summary>
public sealed class UserCertificateServer : IDisposable
{
    public SshdServer Server { get; } = new(new SshdOptions { ConfigFromDir = MakeUserCa });
    public string Key(string name) => Path.Combine(Server.Dir, "ca", name);
    public void Dispose() => Server.Dispose();

    private static void Keygen(params string[] args) => SshdServer.Run("ssh-keygen", args);

    private static string MakeUserCa(string dir)
    {
        string d = Path.Combine(dir, "ca");
        Directory.CreateDirectory(d);
        Keygen("-q", "-t", "ed25519", "-N", "", "-C", "user-ca", "-f", Path.Combine(d, "user_ca"));
        Keygen("-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(d, "id_ed25519"));
        Keygen("-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", Path.Combine(d, "id_rsa"));
        Keygen("-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(d, "bare"));
        foreach (var k in new[] { "id_ed25519", "id_rsa" })
            Keygen("-q", "-s", Path.Combine(d, "user_ca"), "-I", k, "-n", "root", Path.Combine(d, k + ".pub"));
        Directory.CreateDirectory(Path.Combine(d, "elsewhere"));
        // ssh-keygen -s writes elsewhere/bare-cert.pub.
        File.Copy(Path.Combine(d, "bare.pub"), Path.Combine(d, "elsewhere", "bare.pub"));
        Keygen("-q", "-s", Path.Combine(d, "user_ca"), "-I", "bare", "-n", "root", Path.Combine(d, "elsewhere", "bare.pub"));
        return $"TrustedUserCAKeys {d}/user_ca.pub";
    }
}

/// <summary>Public-key authentication with user certificates (CertificateFile, and "&lt;key&gt;-cert.pub"
/// next to an IdentityFile), judged against the real ssh with the same arguments.</summary>
public class UserCertificateTests(UserCertificateServer certs) : IClassFixture<UserCertificateServer>
{
    private SshdServer S => certs.Server;

    private async Task<(ProcessResult Braid, ProcessResult Ssh)> Both(params string[] extra)
    {
        string[] args =
        [
            "-F", "/dev/null", "-p", S.Port.ToString(), "-o", "UserKnownHostsFile=" + S.KnownHosts,
            "-o", "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
            "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "GSSAPIAuthentication=no",
            .. extra, "root@127.0.0.1", "echo ok",
        ];
        var b = await ProcessRunner.RunAsync(Paths.Braid, args);
        var o = await ProcessRunner.RunAsync("ssh", args);
        return (b, o);
    }

    [Theory]
    [InlineData("id_ed25519")]
    [InlineData("id_rsa")]
    public async Task TheCertificateNextToTheKeyLogsIn(string key)
    {
        var (b, o) = await Both("-i", certs.Key(key));
        Assert.Equal("ok\n", o.Stdout);
        Assert.Equal("ok\n", b.Stdout);
        Assert.Equal(o.Stderr, b.Stderr);
    }

    [Theory]
    [InlineData("rsa-sha2-512-cert-v01@openssh.com")]
    [InlineData("rsa-sha2-256-cert-v01@openssh.com")]
    [InlineData("ssh-rsa-cert-v01@openssh.com")] // SHA-1: sshd 9.2 refuses it, and both clients say so alike
    [InlineData("rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-512")]
    public async Task TheRsaCertificateSignsWithTheAlgorithmBothSidesAccept(string accepted)
    {
        var (b, o) = await Both("-i", certs.Key("id_rsa"), "-o", "PubkeyAcceptedAlgorithms=" + accepted);
        Assert.Equal(o.ExitCode, b.ExitCode);
        Assert.Equal(o.Stdout, b.Stdout);
        Assert.Equal(o.Stderr, b.Stderr);
    }

    [Fact]
    public async Task ACertificateFileIsOfferedWithItsKey()
    {
        var (b, o) = await Both("-i", certs.Key("bare"), "-o", "CertificateFile=" + Path.Combine(certs.Key("elsewhere"), "bare-cert.pub"));
        Assert.Equal("ok\n", o.Stdout);
        Assert.Equal("ok\n", b.Stdout);
        Assert.Equal(o.Stderr, b.Stderr);
    }

    [Fact]
    public async Task WithoutACertificateTheKeyIsRefusedCleanly()
    {
        var (b, o) = await Both("-i", certs.Key("bare"));
        Assert.Equal(255, o.ExitCode);
        Assert.Equal(255, b.ExitCode);
        Assert.Contains("Permission denied (publickey)", o.Stderr);
        Assert.Equal(o.Stderr, b.Stderr);
    }
}
