using System.Text;

namespace Braid.Config.Tests;

/// <summary>
/// Like <see cref="DifferentialFuzzTests"/>, but every value is valid for its keyword, so the runs
/// reach the -G dump and exercise first-value-wins, accumulation and Host/Match interplay.
/// </summary>
public class ValidConfigFuzzTests
{
    private static readonly (string Keyword, string[] Values)[] Table =
    [
        ("User", ["alice", "bob", "%u", "x%%y"]),
        ("Port", ["22", "2222", "ssh", "65535"]),
        ("HostName", ["%h.example.com", "H.Example", "10.0.0.1", "%h"]),
        ("IdentityFile", ["~/.ssh/a", "~/.ssh/b", "/k/%h-%r", "~/.ssh/a"]),
        ("CertificateFile", ["~/.ssh/a-cert.pub", "/c/%h"]),
        ("LocalForward", ["8080 localhost:80", "127.0.0.1:9000 h:90", "/tmp/l.sock /tmp/r.sock"]),
        ("RemoteForward", ["9000 localhost:9000", "1080", "[::1]:2000 x:20"]),
        ("DynamicForward", ["1080", "localhost:1081"]),
        ("SendEnv", ["LANG LC_*", "-LC_*", "FOO", "-*"]),
        ("SetEnv", ["A=1", "B=2 C=3", "A=9"]),
        ("UserKnownHostsFile", ["~/.ssh/kh %d/kh2", "/dev/null", "none"]),
        ("GlobalKnownHostsFile", ["/etc/kh", "none"]),
        ("ControlMaster", ["auto", "yes", "no", "autoask"]),
        ("ControlPath", ["~/.ssh/cm-%C", "/tmp/%r@%h:%p", "none"]),
        ("ControlPersist", ["yes", "no", "10m", "0"]),
        ("ProxyJump", ["bastion", "u@j1:2200,j2", "none"]),
        ("ProxyCommand", ["nc %h %p", "none"]),
        ("Ciphers", ["+aes128-cbc", "-chacha20*", "^aes256-gcm@openssh.com", "aes128-ctr,aes256-ctr"]),
        ("MACs", ["+hmac-md5", "-*sha1*", "hmac-sha2-256"]),
        ("KexAlgorithms", ["+diffie-hellman-group14-sha1", "-sntrup*", "curve25519-sha256"]),
        ("HostKeyAlgorithms", ["+ssh-rsa", "-*cert*", "ssh-ed25519"]),
        ("PubkeyAcceptedAlgorithms", ["+ssh-rsa", "^rsa-sha2-256"]),
        ("StrictHostKeyChecking", ["yes", "no", "accept-new", "ask", "off"]),
        ("Compression", ["yes", "no"]),
        ("ServerAliveInterval", ["0", "15", "1m"]),
        ("ServerAliveCountMax", ["1", "5"]),
        ("ConnectTimeout", ["10", "none", "1m"]),
        ("BatchMode", ["yes", "no"]),
        ("ForwardAgent", ["yes", "no"]),
        ("RequestTTY", ["yes", "no", "force", "auto"]),
        ("SessionType", ["none", "default"]),
        ("LogLevel", ["ERROR", "VERBOSE", "QUIET"]),
        ("EscapeChar", ["~", "none", "^A", "%"]),
        ("RekeyLimit", ["1G", "default none", "512M 1h"]),
        ("IPQoS", ["af21 cs1", "lowdelay", "0x10"]),
        ("HostKeyAlias", ["Alias", "%h"]),
        ("CanonicalizeHostname", ["no", "yes"]),
        ("CanonicalDomains", ["example.invalid", "none"]),
        ("ClearAllForwardings", ["yes", "no"]),
        ("ExitOnForwardFailure", ["yes", "no"]),
        ("PermitRemoteOpen", ["any", "localhost:80 [::1]:*"]),
        ("AddKeysToAgent", ["yes", "confirm", "confirm 1h", "5m", "no"]),
        ("UpdateHostKeys", ["yes", "no", "ask"]),
        ("RemoteCommand", ["echo %h", "none"]),
        ("LocalCommand", ["echo %C", "none"]),
        ("IdentityAgent", ["none", "SSH_AUTH_SOCK", "~/agent-%h"]),
        ("StreamLocalBindMask", ["0077", "0177"]),
        ("Tunnel", ["yes", "ethernet", "no"]),
        ("TunnelDevice", ["any:any", "1:2"]),
        ("AddressFamily", ["inet", "any"]),
        ("PubkeyAuthentication", ["yes", "unbound", "host-bound", "no"]),
        ("ForwardX11", ["yes", "no"]), ("ForwardX11Trusted", ["yes", "no"]), ("ForwardX11Timeout", ["0", "20m"]),
        ("GatewayPorts", ["yes", "no"]), ("PasswordAuthentication", ["yes", "no"]),
        ("KbdInteractiveAuthentication", ["yes", "no"]), ("KbdInteractiveDevices", ["pam", "bsdauth,pam"]),
        ("HostbasedAuthentication", ["yes", "no"]), ("GSSAPIAuthentication", ["yes", "no"]),
        ("GSSAPIDelegateCredentials", ["yes"]), ("GSSAPIKexAlgorithms", ["gss-gex-sha1-"]),
        ("CheckHostIP", ["yes", "no"]), ("TCPKeepAlive", ["yes", "no"]), ("NumberOfPasswordPrompts", ["0", "1", "7"]),
        ("SyslogFacility", ["AUTH", "LOCAL0"]), ("LogVerbose", ["kex.c:*", "none"]),
        ("PreferredAuthentications", ["publickey", "keyboard-interactive,password"]),
        ("CASignatureAlgorithms", ["+ssh-rsa", "-rsa*"]), ("HostbasedAcceptedAlgorithms", ["ssh-ed25519", "-*"]),
        ("BindAddress", ["127.0.0.1", "::1"]), ("BindInterface", ["lo"]), ("PKCS11Provider", ["/lib/p11.so", "none"]),
        ("EnableSSHKeysign", ["yes"]), ("VerifyHostKeyDNS", ["yes", "ask", "no"]),
        ("NoHostAuthenticationForLocalhost", ["yes"]), ("IdentitiesOnly", ["yes", "no"]), ("HashKnownHosts", ["yes"]),
        ("PermitLocalCommand", ["yes"]), ("VisualHostKey", ["yes"]), ("StdinNull", ["yes"]), ("ProxyUseFdpass", ["yes"]),
        ("IgnoreUnknown", ["Foo*", "*"]), ("CanonicalizeMaxDots", ["0", "3"]), ("CanonicalizeFallbackLocal", ["yes"]),
        ("CanonicalizePermittedCNAMEs", ["*.a.example:*.b.example", "none"]), ("StreamLocalBindUnlink", ["yes"]),
        ("RevokedHostKeys", ["~/.ssh/revoked", "none"]), ("FingerprintHash", ["md5", "sha256"]),
        ("SecurityKeyProvider", ["internal", "/lib/sk.so", "none"]), ("KnownHostsCommand", ["/bin/kh %H", "none"]),
        ("RequiredRSASize", ["1024", "4096"]), ("EnableEscapeCommandline", ["yes"]), ("XAuthLocation", ["/opt/xauth"]),
        ("ConnectionAttempts", ["1", "4"]), ("ForwardAgent", ["/tmp", "${BRAID_TEST_DIR}"]),
        ("ClearAllForwardings", ["yes"]), ("Include", ["conf.d/*.conf", "absolute.conf", "nothing-*.conf"]),
    ];

    private static readonly string[] Blocks =
    [
        "Host h", "Host *", "Host !h *", "Host other", "Host H", "Match all", "Match final", "Match canonical",
        "Match host h*", "Match !host h", "Match user alice", "Match originalhost h", "Match exec true",
    ];

    public static TheoryData<int> Seeds()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("BRAID_FUZZ_ITERATIONS"), out var v) ? v : 40;
        var offset = int.TryParse(Environment.GetEnvironmentVariable("BRAID_FUZZ_OFFSET"), out var o) ? o : 0;
        var d = new TheoryData<int>();
        for (int i = 1; i <= n; i++) d.Add(offset + i);
        return d;
    }

    private static string Generate(int seed)
    {
        var rnd = new Random(seed * 7919);
        var sb = new StringBuilder("#! args: ");
        if (rnd.Next(4) == 0) sb.Append("-o User=cli ");
        if (rnd.Next(5) == 0) sb.Append("-p 2020 ");
        sb.Append(rnd.Next(5) == 0 ? "u@h" : "h").Append('\n');
        int lines = rnd.Next(4, 20);
        for (int i = 0; i < lines; i++)
        {
            if (rnd.Next(5) == 0)
            {
                sb.Append(Blocks[rnd.Next(Blocks.Length)]).Append('\n');
                continue;
            }
            var (k, vs) = Table[rnd.Next(Table.Length)];
            sb.Append("  ").Append(k).Append(' ').Append(vs[rnd.Next(vs.Length)]).Append('\n');
        }
        return sb.ToString();
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ValidConfigMatchesOpenSsh(int seed)
    {
        var dir = Path.Combine(Path.GetTempPath(), "braid-vfuzz-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"vfuzz-{seed}.cfg");
        var text = Generate(seed);
        File.WriteAllText(file, text);
        try
        {
            using var c = OracleHarness.Prepare(file);
            var expected = OracleHarness.RunSsh(c);
            var actual = OracleHarness.RunBraid(c);
            var context = $"seed {seed}:\n{text}";
            Assert.True(expected.ExitCode == actual.ExitCode && expected.StderrLines.SequenceEqual(actual.StderrLines),
                $"exit {expected.ExitCode} vs {actual.ExitCode}\nssh:\n{string.Join('\n', expected.StderrLines)}\nbraid:\n{string.Join('\n', actual.StderrLines)}\n{context}");
            var exp = expected.Stdout.Split('\n');
            var act = actual.Stdout.Split('\n');
            var diffs = exp.Zip(act).Where(p => p.First != p.Second).Select(p => $"ssh: {p.First}\nbraid: {p.Second}").ToList();
            Assert.True(diffs.Count == 0 && exp.Length == act.Length, string.Join('\n', diffs) + "\n" + context);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
