namespace Braid.Ssh.Agent;

/// <summary>The agent could not be used: not reachable, or it broke the protocol.</summary>
public class AgentException : SshException
{
    public AgentException(string message) : base(message) { }
    public AgentException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The agent answered SSH_AGENT_FAILURE: the key is not there, the user declined a confirmation
/// (ssh-add -c), or the key is restricted. Message is OpenSSH's ssh_err(SSH_ERR_AGENT_FAILURE).</summary>
public sealed class AgentRefusedException : AgentException
{
    public const string Text = "agent refused operation";
    public AgentRefusedException() : base(Text) { }
}
