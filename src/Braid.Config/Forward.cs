namespace Braid.Config;

/// <summary>
/// One LocalForward/RemoteForward/DynamicForward. A side is either host+port or a Unix socket path
/// (then its port is <see cref="StreamLocal"/>). Dynamic forwards have ConnectHost "socks".
/// </summary>
public sealed record Forward(
    string? ListenHost, int ListenPort, string? ListenPath,
    string? ConnectHost, int ConnectPort, string? ConnectPath)
{
    /// <summary>Port value meaning "this side is a Unix-domain socket path" (PORT_STREAMLOCAL).</summary>
    public const int StreamLocal = -2;

    /// <summary>True for a SOCKS (dynamic) forward.</summary>
    public bool IsDynamic => ConnectHost == "socks" && ConnectPath is null && ConnectPort == 0;
}
