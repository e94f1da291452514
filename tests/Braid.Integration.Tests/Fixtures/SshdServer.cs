using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Braid.Integration.Tests.Fixtures;

/// <summary>Extra knobs for one throwaway server.</summary>
public sealed class SshdOptions
{
    public int MaxSessions { get; init; } = 10;
    public string ExtraConfig { get; init; } = "";
    /// <summary>Root's password as sshd will see it (through a bind-mounted shadow file); null = no password logins.</summary>
    public string? RootPassword { get; init; }
    /// <summary>sshd's KexAlgorithms (its order decides whether a client's guessed key share is kept); null = all it has.</summary>
    public string? KexAlgorithms { get; init; }
    /// <summary>Run sshd inside the network namespace of this process (a test's private namespace); it is
    /// then unreachable from the test process, so readiness is read from sshd's log instead.</summary>
    public int? NetNamespacePid { get; init; }
    /// <summary>Called with the server's directory once its host keys exist and before sshd_config is written;
    /// returns more sshd_config lines. For what needs the keys or the directory, e.g. signing
    /// ssh_host_ed25519_key.pub with a CA and returning "HostCertificate …".</summary>
    public Func<string, string>? ConfigFromDir { get; init; }
}

/// <summary>
/// A real OpenSSH sshd on 127.0.0.1 and a random port, with throwaway host and user keys in a private
/// temp directory. It runs in its own mount namespace where root's ~/.bashrc is empty (Debian's bash
/// reads it even for `ssh host cmd`) and, for password tests, /etc/shadow is a file of ours: nothing on
/// disk changes. Dispose ends the server and every process it started, by PID.
/// </summary>
public sealed class SshdServer : IDisposable
{
    public string Dir { get; }
    public int Port { get; private set; }
    public int Pid { get; private set; }
    public string ConfigFile => Path.Combine(Dir, "ssh_config");
    public string KnownHosts => Path.Combine(Dir, "known_hosts");
    public string UserKey => Path.Combine(Dir, "id_ed25519");
    public string LogFile => Path.Combine(Dir, "sshd.log");
    private Process? _process;

    public SshdServer(SshdOptions? options = null)
    {
        options ??= new SshdOptions();
        Dir = Directory.CreateTempSubdirectory("bt").FullName; // short: control sockets live here too
        File.SetUnixFileMode(Dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory("/run/sshd");
        foreach (var t in new[] { "ed25519", "ecdsa", "rsa" })
            Run("ssh-keygen", "-q", "-t", t, "-N", "", "-f", Path.Combine(Dir, $"ssh_host_{t}_key"));
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "braid-test", "-f", UserKey);
        File.Copy(UserKey + ".pub", Path.Combine(Dir, "authorized_keys"));
        File.WriteAllText(Path.Combine(Dir, "empty_bashrc"), "");
        Port = FreePorts.Pick();
        WriteSshdConfig(options);
        WriteClientConfig();
        Start(options);
    }

    private void WriteSshdConfig(SshdOptions o)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Port {Port}");
        sb.AppendLine("ListenAddress 127.0.0.1");
        sb.AppendLine("AddressFamily inet");
        foreach (var t in new[] { "ed25519", "ecdsa", "rsa" }) sb.AppendLine($"HostKey {Dir}/ssh_host_{t}_key");
        sb.AppendLine($"PidFile {Dir}/sshd.pid");
        sb.AppendLine($"AuthorizedKeysFile {Dir}/authorized_keys");
        sb.AppendLine("StrictModes no");
        // Keyboard-interactive needs PAM on Linux; a minimal stack of ours is mounted over /etc/pam.d/sshd.
        sb.AppendLine(o.RootPassword != null ? "UsePAM yes" : "UsePAM no");
        sb.AppendLine("PermitRootLogin yes");
        sb.AppendLine("PubkeyAuthentication yes");
        sb.AppendLine($"PasswordAuthentication {(o.RootPassword != null ? "yes" : "no")}");
        sb.AppendLine($"KbdInteractiveAuthentication {(o.RootPassword != null ? "yes" : "no")}");
        sb.AppendLine("UseDNS no");
        sb.AppendLine("PrintMotd no");
        sb.AppendLine("PrintLastLog no");
        sb.AppendLine($"MaxSessions {o.MaxSessions}");
        sb.AppendLine("MaxStartups 100:30:200");
        sb.AppendLine("LogLevel VERBOSE");
        sb.AppendLine("AcceptEnv LANG LC_* _XXX_TEST* BRAID_TEST_*");
        sb.AppendLine("Subsystem sftp internal-sftp");
        // sshd 9.2 lacks newer methods; offer everything it has so each can be tested.
        var kex = o.KexAlgorithms ?? Run("ssh", "-Q", "kex").Trim().Replace('\n', ',');
        sb.AppendLine($"KexAlgorithms {kex}");
        sb.AppendLine("HostKeyAlgorithms +ssh-rsa");
        sb.Append(o.ExtraConfig);
        if (o.ConfigFromDir is { } more) sb.AppendLine(more(Dir));
        File.WriteAllText(Path.Combine(Dir, "sshd_config"), sb.ToString());
    }

    private void WriteClientConfig()
    {
        var kh = new StringBuilder();
        foreach (var t in new[] { "ed25519", "ecdsa", "rsa" })
        {
            var pub = File.ReadAllText(Path.Combine(Dir, $"ssh_host_{t}_key.pub")).Split(' ');
            kh.AppendLine($"[127.0.0.1]:{Port} {pub[0]} {pub[1]}");
        }
        File.WriteAllText(KnownHosts, kh.ToString());
        File.WriteAllText(ConfigFile, $"""
            Host test h
              HostName 127.0.0.1
              Port {Port}
              User root
              IdentityFile {UserKey}
              IdentitiesOnly yes
              IdentityAgent none
              UserKnownHostsFile {KnownHosts}
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking yes
              UpdateHostKeys no
              CheckHostIP no
              BatchMode yes
              GSSAPIAuthentication no
              LogLevel ERROR

            """);
    }

    private void Start(SshdOptions o)
    {
        var mounts = new StringBuilder();
        mounts.Append($"mount --bind {Dir}/empty_bashrc /root/.bashrc 2>/dev/null; ");
        if (o.RootPassword != null)
        {
            var hash = Run("openssl", "passwd", "-6", o.RootPassword).Trim();
            var shadow = File.ReadAllLines("/etc/shadow")
                .Select(l => l.StartsWith("root:", StringComparison.Ordinal) ? "root:" + hash + ":19000:0:99999:7:::" : l);
            File.WriteAllLines(Path.Combine(Dir, "shadow"), shadow);
            mounts.Append($"mount --bind {Dir}/shadow /etc/shadow || exit 97; ");
            File.WriteAllText(Path.Combine(Dir, "pam_sshd"),
                "auth required pam_unix.so\naccount required pam_unix.so\nsession required pam_permit.so\npassword required pam_deny.so\n");
            mounts.Append($"mount --bind {Dir}/pam_sshd /etc/pam.d/sshd || exit 98; ");
        }
        var psi = new ProcessStartInfo(o.NetNamespacePid != null ? "nsenter" : "unshare")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (o.NetNamespacePid is { } ns)
            foreach (var a in new[] { $"--net=/proc/{ns}/ns/net", "--", "unshare" }) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "--mount", "--propagation", "private", "--", "sh", "-c",
                     mounts + $"exec /usr/sbin/sshd -D -e -f {Dir}/sshd_config" })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        Pid = _process.Id;
        var log = new StreamWriter(LogFile) { AutoFlush = true };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (log) log.WriteLine(e.Data); };
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (log) log.WriteLine(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"sshd exited: {File.ReadAllText(LogFile)}");
            if (o.NetNamespacePid != null)
            {
                if (ReadLog().Contains("Server listening on", StringComparison.Ordinal)) return;
                Thread.Sleep(50);
                continue;
            }
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { Thread.Sleep(50); }
        }
        throw new InvalidOperationException("sshd did not start listening");
    }

    private string ReadLog()
    {
        using var fs = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var sr = new StreamReader(fs);
        return sr.ReadToEnd();
    }


    public static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEnd();
        var e = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {e}");
        return o;
    }

    /// <summary>All descendants of a PID (by parent PID from /proc), deepest first.</summary>
    public static List<int> Descendants(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var d in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), out int p)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(d, "stat"));
                int close = stat.LastIndexOf(')');
                var parts = stat[(close + 2)..].Split(' ');
                int ppid = int.Parse(parts[1]);
                if (!children.TryGetValue(ppid, out var l)) children[ppid] = l = new List<int>();
                l.Add(p);
            }
            catch (IOException) { }
            catch (FormatException) { }
        }
        var result = new List<int>();
        void Walk(int p)
        {
            if (!children.TryGetValue(p, out var l)) return;
            foreach (var c in l) { Walk(c); result.Add(c); }
        }
        Walk(pid);
        return result;
    }

    public void Dispose()
    {
        if (_process != null)
        {
            foreach (var p in Descendants(Pid).Append(Pid))
            {
                try { Process.GetProcessById(p).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
            }
            _process.WaitForExit(5000);
            _process.Dispose();
        }
        try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
