using System.Diagnostics;
using System.Text;

namespace Braid.Integration.Tests.Fixtures;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, byte[] StdoutBytes);

/// <summary>Runs a program to completion with optional stdin, capturing output; kills it (by PID) on timeout.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, byte[]? stdin = null,
        IDictionary<string, string?>? env = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory != null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null)
            foreach (var (k, v) in env)
                if (v == null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var outTask = ReadAllAsync(p.StandardOutput.BaseStream);
        var errTask = ReadAllAsync(p.StandardError.BaseStream);
        var inTask = Task.Run(async () =>
        {
            try
            {
                if (stdin != null) await p.StandardInput.BaseStream.WriteAsync(stdin);
                p.StandardInput.Close();
            }
            catch (IOException) { }
        });
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            var so = Encoding.UTF8.GetString(await outTask);
            var se = Encoding.UTF8.GetString(await errTask);
            throw new TimeoutException($"{file} {string.Join(' ', args)} timed out\nstdout: {so}\nstderr: {se}");
        }
        var o = await outTask;
        var e = await errTask;
        await inTask;
        return new ProcessResult(p.ExitCode, Encoding.UTF8.GetString(o), Encoding.UTF8.GetString(e), o);
    }

    private static async Task<byte[]> ReadAllAsync(Stream s)
    {
        var ms = new MemoryStream();
        await s.CopyToAsync(ms);
        return ms.ToArray();
    }
}
