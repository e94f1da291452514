namespace Braid.Ssh.Forwarding;

/// <summary>One side of a forward: a TCP host and port, or (Path set) a Unix-domain socket.</summary>
public sealed record ForwardEndpoint(string? Host, int Port, string? Path)
{
    public bool IsUnix => Path != null;
    /// <summary>The target of a dynamic forward: "socks" port 0, as OpenSSH marks it.</summary>
    public bool IsSocks => Path == null && Host == "socks" && Port == 0;
    public static ForwardEndpoint Socks { get; } = new("socks", 0, null);

    public static ForwardEndpoint Tcp(string? host, int port) => new(host, port, null);
    public static ForwardEndpoint Unix(string path) => new(null, 0, path);

    /// <summary>As OpenSSH writes it in messages: host:port or the path.</summary>
    public override string ToString() => Path ?? $"{Host}:{Port}";
}
