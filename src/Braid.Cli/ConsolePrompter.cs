using Braid.Ssh;
using Braid.Ssh.Auth;
using Braid.Ssh.HostKeys;
using Braid.Ssh.Logging;
using Braid.Unix;

namespace Braid.Cli;

/// <summary>Prompts on /dev/tty or through SSH_ASKPASS, and messages on stderr, as OpenSSH's readpass.c and log.c.</summary>
internal sealed class ConsolePrompter(SshLog log, bool batchMode) : IAuthPrompter, IHostKeyPrompter
{
    public bool CanPrompt => !batchMode;

    public Secret? ReadSecret(string prompt)
    {
        if (batchMode) return null;
        using var s = Prompt.ReadSecret(prompt);
        return s == null ? null : Secret.Copy(s.Span);
    }

    string? IAuthPrompter.ReadLine(string prompt)
    {
        if (batchMode) return null;
        using var s = Prompt.ReadPassphrase(prompt, PromptFlags.Echo | PromptFlags.AllowEof);
        return s?.ToInsecureString();
    }

    string? IHostKeyPrompter.ReadLine(string prompt)
    {
        if (batchMode) return null;
        using var s = Prompt.ReadPassphrase(prompt, PromptFlags.Echo | PromptFlags.AllowEof);
        return s?.ToInsecureString();
    }

    public void Show(string text)
    {
        if (log.Level >= LogLevel.Info) StdErr.Writer.Write(text.EndsWith('\n') ? text : text + "\n");
    }

    public void Info(string message) => log.Info(message);
    public void Error(string message) => log.Error(message);
    public void Debug(string message) => log.Debug(message);
    public void Fatal(string message) => log.Write(LogLevel.Fatal, message);
}
