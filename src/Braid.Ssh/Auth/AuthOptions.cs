using Braid.Ssh.Keys;

namespace Braid.Ssh.Auth;

/// <summary>A key that may be offered: its public half (when known without a passphrase) and a way
/// to get something that signs with it, called only once the server is willing to accept the key.</summary>
public sealed class AuthIdentity
{
    public PublicKey? PublicKey { get; init; }
    /// <summary>For messages: the file path, or the agent's comment.</summary>
    public required string Comment { get; init; }
    /// <summary>True when signing needs no prompt (agent keys, unencrypted files), so the signature can be sent
    /// straight away instead of asking the server first whether it would accept the key.</summary>
    public bool CanSignWithoutPrompt { get; init; }
    /// <summary>Returns the signer, or null when it cannot be had (passphrase refused, file unreadable).</summary>
    public required Func<CancellationToken, ValueTask<ISigner?>> GetSigner { get; init; }
    public string Source { get; init; } = "file";
}

/// <summary>How authentication talks to the user.</summary>
public interface IAuthPrompter
{
    /// <summary>Asks for a secret (echo off). Null when no prompt is possible (BatchMode, no tty, no askpass).
    /// The caller disposes (zeroes) it.</summary>
    Secret? ReadSecret(string prompt);
    /// <summary>Asks with echo on (keyboard-interactive prompts that echo).</summary>
    string? ReadLine(string prompt);
    /// <summary>Shows a banner or instruction text on stderr.</summary>
    void Show(string text);
}

public sealed class AuthOptions
{
    public required string User { get; init; }
    /// <summary>The host as OpenSSH names it in prompts and "Permission denied" (HostKeyAlias or HostName).</summary>
    public required string Host { get; init; }
    public IReadOnlyList<string> PreferredAuthentications { get; init; } = ["gssapi-with-mic", "publickey", "keyboard-interactive", "password"];
    public bool PubkeyAuthentication { get; init; } = true;
    public bool PasswordAuthentication { get; set; } = true;
    public bool KbdInteractiveAuthentication { get; set; } = true;
    public int NumberOfPasswordPrompts { get; init; } = 3;
    public bool BatchMode { get; init; }
    public IReadOnlyList<AuthIdentity> Identities { get; set; } = [];
    /// <summary>PubkeyAcceptedAlgorithms: signature algorithms we may use.</summary>
    public IReadOnlyList<string> PubkeyAcceptedAlgorithms { get; init; } = [];
    public required IAuthPrompter Prompter { get; init; }
    /// <summary>"[ip]:port" of the server, for OpenSSH's "Authenticated to host ([ip]:port)" line; set on connect.</summary>
    public string? RemoteAddress { get; set; }
    /// <summary>LogLevel ≥ INFO shows the server's banner.</summary>
    public bool ShowBanner { get; init; } = true;
}
