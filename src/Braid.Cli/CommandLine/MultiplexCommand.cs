namespace Braid.Cli.CommandLine;

/// <summary>The control commands of <c>-O ctl_cmd</c> that OpenSSH 9.2 accepts, plus 10.3's conninfo and channels.</summary>
public enum MultiplexCommand
{
    Check,
    Forward,
    Exit,
    Stop,
    Cancel,
    Proxy,
    ConnInfo,
    Channels,
}
