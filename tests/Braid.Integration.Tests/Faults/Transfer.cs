using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Braid.Integration.Tests.Faults;

/// <summary>
/// A client process moving bulk data: stdin is fed from a file (or held open and never written, or fed
/// endlessly), stdout is hashed as it arrives instead of being kept, stderr is kept. Dispose kills it by PID.
/// </summary>
public sealed class Transfer : IDisposable
{
    public enum Input { Closed, HeldOpen, Endless }

    private readonly Process _p;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _err = new();
    private readonly StringBuilder _head = new();
    private readonly Task _readers;
    private long _bytesOut;
    private string? _sha;

    public int Pid { get; }
    public DateTime ExitedAt { get; private set; }

    private Transfer(Process p, string? inputFile, Input input)
    {
        _p = p;
        Pid = p.Id;
        _p.EnableRaisingEvents = true;
        _p.Exited += (_, _) => ExitedAt = DateTime.UtcNow;
        var stdin = p.StandardInput.BaseStream;
        if (inputFile != null) _ = Task.Run(async () => { await CopyFileAsync(inputFile, stdin); });
        else if (input == Input.Endless) _ = Task.Run(async () => await FeedEndlesslyAsync(stdin));
        else if (input == Input.Closed) stdin.Close();
        _readers = Task.WhenAll(ReadStdoutAsync(p.StandardOutput.BaseStream), ReadStderrAsync(p.StandardError));
    }

    public static Transfer Start(string file, IEnumerable<string> args, string? inputFile = null, Input input = Input.Closed)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new Transfer(Process.Start(psi)!, inputFile, input);
    }

    private static async Task CopyFileAsync(string path, Stream stdin)
    {
        try
        {
            await using (var f = File.OpenRead(path)) await f.CopyToAsync(stdin);
            stdin.Close();
        }
        catch (IOException) { } // the process went away (a test that kills it)
        catch (ObjectDisposedException) { }
    }

    private static async Task FeedEndlesslyAsync(Stream stdin)
    {
        var chunk = new byte[64 * 1024];
        try { while (true) await stdin.WriteAsync(chunk); }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    private async Task ReadStdoutAsync(Stream s)
    {
        var buf = new byte[128 * 1024];
        int n;
        while ((n = await s.ReadAsync(buf)) > 0)
        {
            lock (_hash)
            {
                _hash.AppendData(buf, 0, n);
                if (_head.Length < 4096) _head.Append(Encoding.UTF8.GetString(buf, 0, Math.Min(n, 4096)));
                _bytesOut += n;
            }
        }
        lock (_hash) _sha = Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    private async Task ReadStderrAsync(StreamReader r)
    {
        var buf = new char[4096];
        int n;
        while ((n = await r.ReadAsync(buf)) > 0) lock (_err) _err.Append(buf, 0, n);
    }

    public long BytesOut { get { lock (_hash) return _bytesOut; } }
    /// <summary>The start of stdout as text (for short answers such as a remote sha256sum line).</summary>
    public string Head { get { lock (_hash) return _head.ToString(); } }
    /// <summary>SHA-256 of all of stdout, once it has ended.</summary>
    public string? Sha256 { get { lock (_hash) return _sha; } }
    public string Stderr { get { lock (_err) return _err.ToString(); } }
    public bool HasExited => _p.HasExited;

    /// <summary>Waits (a generous deadline, not a timing assertion) until stdout has carried this many bytes.</summary>
    public async Task WaitForBytesAsync(long bytes, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline && BytesOut < bytes && !_p.HasExited) await Task.Delay(20);
        Assert.True(BytesOut >= bytes, $"process {Pid} moved only {BytesOut} bytes (exited={_p.HasExited})\nstderr: {Stderr}");
    }

    /// <summary>The exit code, or null if it is still running after the deadline.</summary>
    public async Task<int?> WaitForExitAsync(int seconds)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try { await _p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { return null; }
        if (ExitedAt == default) ExitedAt = DateTime.UtcNow; // the Exited event may not have run yet
        try { await _readers.WaitAsync(TimeSpan.FromSeconds(seconds)); } catch (TimeoutException) { }
        return _p.ExitCode;
    }

    /// <summary>"exit 255 after 0.03 s: \"message\"", for a reliability record.</summary>
    public string Outcome(int? exitCode, DateTime since) =>
        $"exit {exitCode} after {(ExitedAt - since).TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} s: \"{Stderr.Trim()}\"";

    public void Dispose()
    {
        try { if (!_p.HasExited) _p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _p.Dispose();
        _hash.Dispose();
    }
}
