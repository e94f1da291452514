namespace Braid.Cli.CommandLine;

/// <summary>The control commands of <c>-O ctl_cmd</c> that OpenSSH 9.2 accepts.</summary>
public enum MultiplexCommand
{
    Check,
    Forward,
    Exit,
    Stop,
    Cancel,
    Proxy,
}
