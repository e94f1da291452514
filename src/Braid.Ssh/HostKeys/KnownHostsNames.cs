namespace Braid.Ssh.HostKeys;

/// <summary>How ssh spells a host in known_hosts.</summary>
public static class KnownHostsNames
{
    public const int DefaultPort = 22;

    /// <summary>misc.c put_host_port: "host" for port 22 (or 0 = no port), "[host]:port" otherwise.</summary>
    public static string HostPort(string host, int port)
        => port == 0 || port == DefaultPort ? host : $"[{host}]:{port}";
}
