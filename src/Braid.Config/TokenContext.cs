using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Braid.Config;

/// <summary>
/// The values behind the %-tokens once the configuration is final (ssh.c's ssh_conn_info) and the
/// token sets each keyword accepts.
/// </summary>
public sealed class TokenContext
{
    public string ConnectionHash => _connectionHash.Value;  // %C, computed on first use
    private Lazy<string> _connectionHash = new(() => "");
    public required string ShortLocalHost { get; init; }   // %L
    public required string UserId { get; init; }           // %i
    public required string KeyAlias { get; init; }         // %k
    public required string LocalHost { get; init; }        // %l
    public required string OriginalHost { get; init; }     // %n
    public required string Port { get; init; }             // %p
    public required string HomeDirectory { get; init; }    // %d
    public required string RemoteHost { get; init; }       // %h
    public required string RemoteUser { get; init; }       // %r
    public required string LocalUser { get; init; }        // %u

    /// <summary>
    /// %C. We follow OpenSSH 9.2, the installed oracle: SHA-1 hex of %l%h%p%r. (OpenSSH 9.6+ also
    /// appends the ProxyJump host, %j; adopting that would change every ControlPath using %C and
    /// break sharing masters with the system ssh 9.2, so it waits until the oracle moves.)
    /// </summary>
    public static string ComputeConnectionHash(string localHost, string host, string port, string user, Func<byte[], byte[]>? sha1 = null)
    {
        var input = Encoding.UTF8.GetBytes(localHost + host + port + user);
        var bytes = sha1 != null ? sha1(input) : SHA1.HashData(input);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>%L: the local host name up to the first dot.</summary>
    public static string ShortHost(string localHost)
    {
        int dot = localHost.IndexOf('.');
        return dot < 0 ? localHost : localHost[..dot];
    }

    /// <summary>DEFAULT_CLIENT_PERCENT_EXPAND_ARGS (9.2): %C %L %i %k %l %n %p %d %h %r %u.</summary>
    public IReadOnlyDictionary<char, string> DefaultTokens() => new TokenTable(new Dictionary<char, string>
    {
        ['L'] = ShortLocalHost, ['i'] = UserId, ['k'] = KeyAlias,
        ['l'] = LocalHost, ['n'] = OriginalHost, ['p'] = Port, ['d'] = HomeDirectory,
        ['h'] = RemoteHost, ['r'] = RemoteUser, ['u'] = LocalUser,
    }, () => ConnectionHash);

    /// <summary>LocalCommand's tokens: the defaults plus %T (tunnel interface, "NONE" without one).</summary>
    public IReadOnlyDictionary<char, string> LocalCommandTokens(string? tunnelInterface)
    {
        var d = new Dictionary<char, string>
        {
            ['L'] = ShortLocalHost, ['i'] = UserId, ['k'] = KeyAlias,
            ['l'] = LocalHost, ['n'] = OriginalHost, ['p'] = Port, ['d'] = HomeDirectory,
            ['h'] = RemoteHost, ['r'] = RemoteUser, ['u'] = LocalUser, ['T'] = tunnelInterface ?? "NONE",
        };
        return new TokenTable(d, () => ConnectionHash);
    }

    internal static TokenContext Create(ConfigRequest req, string remoteHost, int port, string user, string? hostKeyAlias)
    {
        var portstr = port.ToString(CultureInfo.InvariantCulture);
        return new TokenContext
        {
            _connectionHash = new Lazy<string>(() => ComputeConnectionHash(req.LocalHostName, remoteHost, portstr, user, req.Sha1)),
            ShortLocalHost = ShortHost(req.LocalHostName),
            UserId = req.LocalUserId.ToString(CultureInfo.InvariantCulture),
            KeyAlias = hostKeyAlias ?? req.Host,
            LocalHost = req.LocalHostName,
            OriginalHost = req.Host,
            Port = portstr,
            HomeDirectory = req.HomeDirectory,
            RemoteHost = remoteHost,
            RemoteUser = user,
            LocalUser = req.LocalUser,
        };
    }

    /// <summary>The two lines ssh prints when an expansion fails, as a fatal error.</summary>
    internal static ConfigException ExpansionFailure(ParseSession s, string? error, string function)
    {
        if (error is not null) s.Diagnostics.Add("vdollar_percent_expand: " + error);
        return s.Fatal(function + ": failed");
    }
}
