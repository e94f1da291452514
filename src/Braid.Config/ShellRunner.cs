using System.Diagnostics;

namespace Braid.Config;

/// <summary>
/// Runs a "Match exec" command like OpenSSH's execute_in_shell: "$SHELL -c cmd" (falling back to
/// /bin/sh), stdin and stdout on /dev/null, stderr inherited so the user sees the command's errors.
/// </summary>
internal static class ShellRunner
{
    public static int Run(string command, string? shell)
    {
        if (string.IsNullOrEmpty(shell)) shell = "/bin/sh";
        var psi = new ProcessStartInfo(shell)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        try
        {
            using var p = Process.Start(psi);
            if (p is null) return -1;
            p.StandardInput.Close();
            // Drain stdout (OpenSSH sends it to /dev/null) so a chatty command cannot block on a full pipe.
            _ = p.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            p.WaitForExit();
            // .NET reports death by signal N as 128+N, indistinguishable from "exit 128+N"; both are
            // simply "not zero" here, so the Match fails instead of aborting as OpenSSH would.
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
