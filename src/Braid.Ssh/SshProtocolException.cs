namespace Braid.Ssh;

/// <summary>The peer sent something that violates the SSH protocol. The connection cannot continue.</summary>
public class SshProtocolException : Exception
{
    public SshProtocolException(string message) : base(message) { }
    public SshProtocolException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A failure the user must see in plain words (authentication refused, host key rejected, …).
/// Message is printed as-is; the process exits 255.</summary>
public class SshException : Exception
{
    public SshException(string message) : base(message) { }
    public SshException(string message, Exception inner) : base(message, inner) { }
}
