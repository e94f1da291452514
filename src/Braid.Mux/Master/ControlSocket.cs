using System.Net.Sockets;
using System.Security.Cryptography;
using Braid.Ssh;
using Braid.Unix;

namespace Braid.Mux.Master;

/// <summary>
/// Creates the listening control socket the way OpenSSH does, atomically and private from birth:
/// bind a temporary name under umask 0177, listen, hard-link it to the final path (link refuses to
/// overwrite: another master won), unlink the temporary name.
/// </summary>
public static class ControlSocket
{
    /// <summary>sizeof(sockaddr_un.sun_path) on Linux.</summary>
    public const int SunPathSize = 108;
    /// <summary>The temporary name adds "." and 16 random characters.</summary>
    public const int TempSuffixLength = 17;
    public const int MaxMasterPathLength = SunPathSize - 1 - TempSuffixLength;

    /// <summary>Checks a ControlPath before anything is connected, so a path that cannot work fails now,
    /// not after authentication as in OpenSSH. Returns an error message or null.</summary>
    public static string? CheckPathLength(string path, bool asMaster)
    {
        int len = System.Text.Encoding.UTF8.GetByteCount(path);
        if (len >= SunPathSize)
            return $"ControlPath too long ('{path}' >= {SunPathSize} bytes)";
        if (asMaster && len > MaxMasterPathLength)
            return $"ControlPath \"{path}\" is {len} bytes; a master needs at most {MaxMasterPathLength} " +
                   $"(the socket path limit of {SunPathSize - 1} less {TempSuffixLength} for the temporary name). " +
                   "Use a shorter path, e.g. ControlPath ~/.ssh/cm-%C";
        return null;
    }

    /// <summary>Returns the listening socket, or null when the path already exists (another master won).</summary>
    public static Socket? Listen(string path, Action<string> warn)
    {
        WarnIfDirectoryIsShared(path, warn);
        const string chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var suffix = new char[16];
        for (int i = 0; i < suffix.Length; i++) suffix[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
        string temp = path + "." + new string(suffix);
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        uint old = Posix.Umask(0x7f); // 0177: the socket file is born 0600
        try
        {
            s.Bind(new UnixDomainSocketEndPoint(temp));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.InvalidArgument)
        {
            s.Dispose();
            return null;
        }
        catch (SocketException e)
        {
            s.Dispose();
            throw new SshException($"unix_listener: cannot bind to path {temp}: {e.Message}");
        }
        finally
        {
            Posix.Umask(old);
        }
        // OpenSSH listens with 64; bursts of passengers (a CI fan-out, Ansible forks) can exceed that.
        s.Listen(512);
        try
        {
            Posix.Link(temp, path);
        }
        catch (UnixException e) when (e.Errno == Errno.EEXIST)
        {
            Posix.TryUnlink(temp);
            s.Dispose();
            return null;
        }
        catch (UnixException e)
        {
            Posix.TryUnlink(temp);
            s.Dispose();
            throw new SshException($"link mux listener {temp} => {path}: {e.Message}");
        }
        Posix.TryUnlink(temp);
        return s;
    }

    /// <summary>What tells a master's socket file from one put at the same path later (rm, then a new master
    /// binds there): its birth time. Null when nothing is at the path.</summary>
    public static DateTime? Identity(string path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? info.CreationTimeUtc : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>A socket in a directory others can write (without the sticky bit) can be replaced by anyone.</summary>
    private static void WarnIfDirectoryIsShared(string path, Action<string> warn)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir == null) return;
        try
        {
            var mode = File.GetUnixFileMode(dir);
            bool others = (mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;
            bool sticky = (mode & UnixFileMode.StickyBit) != 0;
            if (others && !sticky)
                warn($"Warning: ControlPath directory {dir} is writable by other users; they could replace the control socket.");
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
