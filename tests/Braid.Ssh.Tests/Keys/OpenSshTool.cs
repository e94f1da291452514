using System.Diagnostics;

namespace Braid.Ssh.Tests.Keys;

/// <summary>Runs OpenSSH's command-line tools (the oracle these tests compare against).</summary>
internal static class OpenSshTool
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string file, IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? env = null, int timeoutMs = 60000)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        using var p = Process.Start(psi)!;
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (stdin != null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeoutMs)) { p.Kill(); throw new TimeoutException($"{file} timed out"); }
        return new Result(p.ExitCode, so.Result, se.Result);
    }

    public static Result Keygen(params string[] args) => Run("ssh-keygen", args);

    public static Result KeygenOk(params string[] args)
    {
        var r = Keygen(args);
        if (r.ExitCode != 0) throw new InvalidOperationException($"ssh-keygen {string.Join(' ', args)} failed: {r.Stderr}");
        return r;
    }

    /// <summary>"SHA256:…" from ssh-keygen -l -f.</summary>
    public static string Fingerprint(string path)
    {
        var r = KeygenOk("-l", "-E", "sha256", "-f", path);
        return r.Stdout.Split(' ')[1];
    }
}
