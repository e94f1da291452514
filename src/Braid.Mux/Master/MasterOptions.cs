using Braid.Ssh.Logging;

namespace Braid.Mux.Master;

/// <summary>What a master needs to know of its own configuration.</summary>
public sealed class MasterOptions
{
    public required string ControlPath { get; init; }
    /// <summary>The expanded HostName, used in ask prompts ("Allow shared connection to %s? ").</summary>
    public required string HostName { get; init; }
    /// <summary>ControlMaster ask/autoask: confirm each request through SSH_ASKPASS.</summary>
    public bool Ask { get; init; }
    /// <summary>The master's SendEnv: a passenger's variables pass only if these match.</summary>
    public IReadOnlyList<string> SendEnv { get; init; } = [];
    /// <summary>The master's SetEnv, added to every session.</summary>
    public IReadOnlyList<string> SetEnv { get; init; } = [];
    public bool ForwardAgent { get; init; }
    /// <summary>The master's RequestTTY is yes/force: a failed pty closes the passenger's session.</summary>
    public bool RequireTty { get; init; }
    /// <summary>How long a passenger may take to send its descriptors after NEW_SESSION.</summary>
    public TimeSpan FdTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public SshLog Log { get; init; } = SshLog.Silent;
    /// <summary>Confirms a request through askpass; returns false to deny. Null = deny everything when Ask.</summary>
    public Func<string, bool>? Confirm { get; init; }
}
