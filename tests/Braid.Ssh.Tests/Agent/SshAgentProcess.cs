using System.Diagnostics;

namespace Braid.Ssh.Tests.Agent;

/// <summary>A private OpenSSH ssh-agent (-D, foreground) on a socket in a temp directory. Killed by its PID on
/// Dispose; nothing else is touched.</summary>
internal sealed class SshAgentProcess : IDisposable
{
    private readonly Process _process;
    public string SocketPath { get; }
    public int Pid { get; }

    public SshAgentProcess(string dir, IDictionary<string, string>? environment = null)
    {
        SocketPath = Path.Combine(dir, "agent-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        var psi = new ProcessStartInfo("ssh-agent")
        {
            UseShellExecute = false,
            RedirectStandardInput = true, // no terminal: confirmations must go through SSH_ASKPASS
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("-D");
        psi.ArgumentList.Add("-a");
        psi.ArgumentList.Add(SocketPath);
        psi.Environment.Remove("SSH_AUTH_SOCK");
        if (environment != null) foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;
        _process = Process.Start(psi)!;
        Pid = _process.Id;
        _process.StandardInput.Close();
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(SocketPath))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline) { Dispose(); throw new InvalidOperationException("ssh-agent did not start"); }
            Thread.Sleep(20);
        }
    }

    /// <summary>Runs ssh-add against this agent.</summary>
    public Keys.OpenSshTool.Result Add(params string[] args) =>
        Keys.OpenSshTool.Run("ssh-add", args, env: new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = SocketPath });

    public void Dispose()
    {
        try
        {
            using var p = Process.GetProcessById(Pid);
            if (!p.HasExited) { p.Kill(); p.WaitForExit(5000); }
        }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { File.Delete(SocketPath); } catch (IOException) { }
    }
}
