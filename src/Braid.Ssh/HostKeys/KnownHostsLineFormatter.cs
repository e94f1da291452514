namespace Braid.Ssh.HostKeys;

/// <summary>The lines ssh appends for a newly accepted key (hostfile.c write_host_entry):
/// "host key-type base64" or "host,ip key-type base64"; with HashKnownHosts the host and the ip each
/// get their own hashed line. Names are lowercased; no comment is written.</summary>
public static class KnownHostsLineFormatter
{
    public static IReadOnlyList<string> Format(string host, string? ip, string keyType, ReadOnlySpan<byte> blob, bool hash)
    {
        var key = keyType + " " + Convert.ToBase64String(blob);
        var lhost = host.ToLowerInvariant();
        if (!hash)
            return [(ip is null ? lhost : lhost + "," + ip) + " " + key];
        var lines = new List<string> { HashedHostName.Create(lhost) + " " + key };
        if (ip is not null)
            lines.Add(HashedHostName.Create(ip.ToLowerInvariant()) + " " + key);
        return lines;
    }
}
