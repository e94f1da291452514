using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Mux;

/// <summary>Which program plays a role: Braid (out/braid) or the real OpenSSH client.</summary>
public enum Tool { Braid, OpenSsh }

/// <summary>A master started by a test: its control socket and real pid. Disposing ends it (-O exit, then by PID).</summary>
public sealed class Master(MuxFixture fixture, Tool tool, string path, int pid) : IAsyncDisposable
{
    public Tool Tool { get; } = tool;
    public string Path { get; } = path;
    public int Pid { get; } = pid;
    /// <summary>This master's PID and start time: ending it never signals a later process that got its PID.</summary>
    public ProcessStamp? Stamp { get; } = ProcessStamp.Of(pid);
    public ValueTask DisposeAsync() => new(fixture.EndAsync(this));
}

/// <summary>
/// One throwaway sshd per test class plus helpers to start masters and passengers of either kind.
/// Every socket path handed out is remembered; Dispose ends every process whose command line names one
/// of them (by PID), so a failed test leaves no master behind.
/// </summary>
public class MuxFixture : IDisposable
{
    private readonly List<string> _paths = new();
    private readonly SemaphoreSlim _sharedLock = new(1, 1);
    private readonly Dictionary<Tool, Master> _shared = new();
    private int _counter;

    public SshdServer Server { get; }

    public MuxFixture() : this(null) { }
    protected MuxFixture(SshdOptions? options) { Server = new SshdServer(options); }

    public string Dir => Server.Dir;

    /// <summary>A fresh, short control socket path inside the server's private directory.</summary>
    public string NewSocketPath(string prefix = "c")
    {
        var p = System.IO.Path.Combine(Dir, $"{prefix}{Interlocked.Increment(ref _counter)}");
        lock (_paths) _paths.Add(p);
        return p;
    }

    /// <summary>Remembers a path (e.g. a socket in another directory) for the cleanup in Dispose.</summary>
    public void Track(string path) { lock (_paths) _paths.Add(path); }

    public static string Exe(Tool t) => t == Tool.Braid ? Paths.Braid : "ssh";

    /// <summary>The real file a master process of this kind runs (for /proc/N/exe).</summary>
    public static string RealExe(Tool t) => t == Tool.Braid
        ? new FileInfo(Paths.Braid).ResolveLinkTarget(true)?.FullName ?? System.IO.Path.GetFullPath(Paths.Braid)
        : new FileInfo("/usr/bin/ssh").ResolveLinkTarget(true)?.FullName ?? "/usr/bin/ssh";

    /// <summary>A wrapper so scp/sftp (which take only a program name) read the test config.</summary>
    public string Wrapper(Tool t)
    {
        var p = System.IO.Path.Combine(Dir, t == Tool.Braid ? "wrap-braid" : "wrap-ssh");
        lock (_paths)
        {
            if (!File.Exists(p))
            {
                File.WriteAllText(p, $"#!/bin/sh\nexec {Exe(t)} -F {Server.ConfigFile} \"$@\"\n");
                File.SetUnixFileMode(p, (UnixFileMode)0x1ed);
            }
        }
        return p;
    }

    public Task<ProcessResult> Run(Tool t, params string[] args) => RunWith(t, null, null, args);

    public Task<ProcessResult> RunWith(Tool t, byte[]? stdin, IDictionary<string, string?>? env, params string[] args)
        => ProcessRunner.RunAsync(Exe(t), new[] { "-F", Server.ConfigFile }.Concat(args), stdin, env, TimeSpan.FromSeconds(90));

    /// <summary>A process whose output can be watched while it runs (a passenger kept alive during a test).</summary>
    public LiveProcess Start(Tool t, params string[] args)
        => LiveProcess.Start(Exe(t), new[] { "-F", Server.ConfigFile }.Concat(args));

    /// <summary>Starts a background -N master (`-M -S path -N -f`) and returns it with the pid -O check reports.</summary>
    public async Task<Master> StartMasterAsync(Tool t, string? path = null, IDictionary<string, string?>? env = null,
        string[]? extra = null, string flagM = "-M")
    {
        path ??= NewSocketPath("m");
        var args = new List<string> { flagM, "-S", path, "-N", "-f" };
        if (extra != null) args.AddRange(extra);
        args.Add("h");
        var r = await RunWith(t, null, env, args.ToArray());
        Assert.True(r.ExitCode == 0, $"{t} master did not start: rc={r.ExitCode}\n{r.Stderr}");
        Assert.True(File.Exists(path), $"{t} master returned without its control socket {path}\n{r.Stderr}");
        int pid = await CheckPidAsync(t, path) ?? throw new InvalidOperationException($"-O check failed against the new {t} master");
        return new Master(this, t, path, pid);
    }

    /// <summary>A long-lived -N master per kind, shared by the tests of one class (started with SendEnv=_XXX_TEST).</summary>
    public async Task<Master> SharedMasterAsync(Tool t)
    {
        await _sharedLock.WaitAsync();
        try
        {
            if (_shared.TryGetValue(t, out var m) && m.Stamp is { IsAlive: true } && File.Exists(m.Path)) return m;
            m = await StartMasterAsync(t, NewSocketPath("s"), extra: ["-o", "SendEnv=_XXX_TEST"]);
            _shared[t] = m;
            return m;
        }
        finally { _sharedLock.Release(); }
    }

    private static readonly Regex MasterRunning = new(@"Master running \(pid=(\d+)\)", RegexOptions.CultureInvariant);

    /// <summary>The pid from `-O check`, or null if the check failed.</summary>
    public async Task<int?> CheckPidAsync(Tool t, string path)
    {
        var r = await Run(t, "-S", path, "-O", "check", "h");
        if (r.ExitCode != 0) return null;
        var m = MasterRunning.Match(r.Stderr);
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    public static int? ParseMasterPid(string stderr)
    {
        var m = MasterRunning.Match(stderr);
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Ends a master: -O exit, wait for its pid to go, then SIGKILL by PID if it is still there.</summary>
    public async Task EndAsync(Master m)
    {
        bool exitSent = false;
        if (m.Stamp is not { IsAlive: true } self)
        {
            KillByPath(m.Path);
            return;
        }
        if (File.Exists(m.Path))
        {
            try
            {
                var r = await ProcessRunner.RunAsync(Exe(m.Tool), ["-F", Server.ConfigFile, "-S", m.Path, "-O", "exit", "h"], timeout: TimeSpan.FromSeconds(20));
                exitSent = r.ExitCode == 0;
            }
            catch (TimeoutException) { }
        }
        // A refused -O exit (ControlMaster ask) or a master that does not go: end it by PID.
        if (!exitSent) self.Terminate();
        if (!await WaitGoneAsync(self, 10)) self.Kill();
        await WaitGoneAsync(self, 10);
        KillByPath(m.Path);
    }

    /// <summary>True once this process is gone (or a zombie); waits up to a generous deadline.</summary>
    public static async Task<bool> WaitGoneAsync(ProcessStamp p, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (p.IsAlive && DateTime.UtcNow < deadline) await Task.Delay(50);
        return !p.IsAlive;
    }

    /// <summary>True once the pid is gone (or a zombie); waits up to a generous deadline.</summary>
    public static async Task<bool> WaitGoneAsync(int pid, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (!IsAlive(pid)) return true;
            await Task.Delay(50);
        }
        return !IsAlive(pid);
    }

    public static async Task<bool> WaitPathGoneAsync(string path, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (!File.Exists(path)) return true;
            await Task.Delay(50);
        }
        return !File.Exists(path);
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return stat.Length > close + 2 && stat[close + 2] != 'Z' && stat[close + 2] != 'X';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    public static void KillPid(int pid)
    {
        try { using var p = Process.GetProcessById(pid); p.Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    /// <summary>Kills (by PID) every process whose argv names this control path: masters, passengers, wrappers.</summary>
    public static void KillByPath(string path)
    {
        int self = Environment.ProcessId;
        foreach (var d in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(d), out int pid) || pid == self) continue;
            string[] argv;
            try { argv = File.ReadAllText(System.IO.Path.Combine(d, "cmdline")).Split('\0'); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (argv.Any(a => a == path || a == "-S" + path || a.EndsWith("=" + path, StringComparison.Ordinal)))
                KillPid(pid);
        }
    }

    private string ReadLog()
    {
        using var fs = new FileStream(Server.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var sr = new StreamReader(fs);
        return sr.ReadToEnd();
    }

    /// <summary>A position in sshd's log, for <see cref="LoginsBesides"/>.</summary>
    public int LogMark() => ReadLog().Length;

    private static readonly Regex Accepted = new(@"Accepted publickey for \S+ from \S+ port (\d+)", RegexOptions.CultureInvariant);

    /// <summary>
    /// Logins sshd accepted since the mark from any TCP connection other than the master's own: a session
    /// that went through the master adds none, one that fell back to a connection of its own adds one.
    /// (Filtering by the master's source port keeps a late log line of the master's own login from counting.)
    /// </summary>
    public List<string> LoginsBesides(Master m, int mark)
    {
        int port = SourcePort(m.Pid);
        var log = ReadLog();
        return Accepted.Matches(log[Math.Min(mark, log.Length)..])
            .Where(x => int.Parse(x.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) != port)
            .Select(x => x.Value).ToList();
    }

    /// <summary>The local port of the process's TCP connection to our sshd (from /proc: its socket inodes
    /// matched against /proc/net/tcp).</summary>
    public int SourcePort(int pid)
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target != null && target.StartsWith("socket:[", StringComparison.Ordinal)) inodes.Add(target[8..^1]);
            }
            catch (IOException) { }
        }
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 10 || !inodes.Contains(f[9])) continue;
                int remPort = Convert.ToInt32(f[2][(f[2].IndexOf(':') + 1)..], 16);
                if (remPort == Server.Port) return Convert.ToInt32(f[1][(f[1].IndexOf(':') + 1)..], 16);
            }
        }
        throw new InvalidOperationException($"process {pid} has no connection to port {Server.Port}");
    }

    public virtual void Dispose()
    {
        string[] paths;
        lock (_paths) paths = _paths.ToArray();
        foreach (var m in _shared.Values)
        {
            try { EndAsync(m).GetAwaiter().GetResult(); } catch (Exception) { }
        }
        foreach (var p in paths) KillByPath(p);
        Server.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A server allowing 200 sessions per connection, for the 100-passenger test.</summary>
public sealed class ManySessionsMuxFixture : MuxFixture
{
    public ManySessionsMuxFixture() : base(new SshdOptions { MaxSessions = 200 }) { }
}

/// <summary>A running process with its output collected as it comes; Dispose kills it (and its children) by PID.</summary>
public sealed class LiveProcess : IDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _out = new(), _err = new();
    private readonly Task _readers;
    public int Pid { get; }

    private LiveProcess(Process p)
    {
        _p = p;
        Pid = p.Id;
        _p.StandardInput.Close();
        _readers = Task.WhenAll(Pump(p.StandardOutput, _out), Pump(p.StandardError, _err));
    }

    public static LiveProcess Start(string file, IEnumerable<string> args, IDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var (k, v) in env) if (v == null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        return new LiveProcess(Process.Start(psi)!);
    }

    private static async Task Pump(StreamReader r, StringBuilder sb)
    {
        var buf = new char[4096];
        int n;
        while ((n = await r.ReadAsync(buf)) > 0) lock (sb) sb.Append(buf, 0, n);
    }

    public string Stdout { get { lock (_out) return _out.ToString(); } }
    public string Stderr { get { lock (_err) return _err.ToString(); } }

    /// <summary>Waits until stdout holds the text (a generous deadline, not a timing assertion).</summary>
    public async Task WaitForStdoutAsync(string text, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (Stdout.Contains(text, StringComparison.Ordinal)) return;
            if (_p.HasExited && _readers.IsCompleted) break;
            await Task.Delay(25);
        }
        Assert.Fail($"'{text}' never appeared on stdout (exited={_p.HasExited})\nstdout: {Stdout}\nstderr: {Stderr}");
    }

    public async Task<int> WaitForExitAsync(int seconds = 60)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try { await _p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            Assert.Fail($"process {Pid} did not exit within {seconds} s\nstdout: {Stdout}\nstderr: {Stderr}");
        }
        await _readers.WaitAsync(TimeSpan.FromSeconds(seconds));
        return _p.ExitCode;
    }

    public bool HasExited => _p.HasExited;

    public void Dispose()
    {
        try { if (!_p.HasExited) _p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _p.Dispose();
    }
}

/// <summary>A raw control-socket client speaking mux framing byte by byte (uint32 BE length + body).</summary>
public sealed class RawMuxClient : IDisposable
{
    public const uint Hello = 0x00000001, NewSession = 0x10000002, AliveCheck = 0x10000004, OpenFwd = 0x10000006;
    public const uint Failure = 0x80000003, Alive = 0x80000005;

    public Socket Socket { get; }
    private RawMuxClient(Socket s) { Socket = s; }

    public static RawMuxClient Connect(string path)
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(path));
        return new RawMuxClient(s);
    }

    /// <summary>Reads the master's HELLO (asserting version 4) and sends ours.</summary>
    public async Task HandshakeAsync()
    {
        var body = await ReadFrameAsync() ?? throw new IOException("no HELLO from master");
        Assert.Equal(Hello, BinaryPrimitives.ReadUInt32BigEndian(body));
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(4)));
        await SendFrameAsync(new Body().U32(Hello).U32(4).ToArray());
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        int sent = 0;
        while (sent < bytes.Length) sent += await Socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
    }

    public Task SendFrameAsync(byte[] body)
    {
        var f = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(f, (uint)body.Length);
        body.CopyTo(f, 4);
        return SendRawAsync(f);
    }

    /// <summary>One frame body, or null at EOF (a generous deadline guards against a hang).</summary>
    public async Task<byte[]?> ReadFrameAsync(int seconds = 30)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var hdr = new byte[4];
        if (!await ReadExactlyAsync(hdr, cts.Token)) return null;
        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(hdr)];
        if (!await ReadExactlyAsync(body, cts.Token)) throw new IOException("EOF inside a frame");
        return body;
    }

    /// <summary>True when the master closes the connection (EOF or reset) with no bytes sent first.</summary>
    public async Task<int> ReadUntilEofAsync(int seconds = 30)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var buf = new byte[4096];
        int total = 0;
        try
        {
            while (true)
            {
                int n = await Socket.ReceiveAsync(buf, SocketFlags.None, cts.Token);
                if (n == 0) return total;
                total += n;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { return total; }
    }

    private async Task<bool> ReadExactlyAsync(byte[] buf, CancellationToken ct)
    {
        int got = 0;
        while (got < buf.Length)
        {
            int n = await Socket.ReceiveAsync(buf.AsMemory(got), SocketFlags.None, ct);
            if (n == 0) return false;
            got += n;
        }
        return true;
    }

    public static (uint Type, uint Rid, string Reason) ParseStatus(byte[] body)
    {
        uint type = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint rid = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(4));
        string reason = "";
        if (body.Length >= 12)
        {
            int len = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(8));
            reason = Encoding.UTF8.GetString(body, 12, len);
        }
        return (type, rid, reason);
    }

    public void Dispose() => Socket.Dispose();

    /// <summary>SSH wire encoding of a message body.</summary>
    public sealed class Body
    {
        private readonly MemoryStream _ms = new();
        public Body U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); _ms.Write(b); return this; }
        public Body Str(string s) { var b = Encoding.UTF8.GetBytes(s); U32((uint)b.Length); _ms.Write(b); return this; }
        public byte[] ToArray() => _ms.ToArray();
    }
}
