namespace Braid.Ssh.HostKeys;

/// <summary>Adding to a known_hosts file failed; the file was left as it was.</summary>
public sealed class KnownHostsWriteException : IOException
{
    public string FilePath { get; }

    public KnownHostsWriteException(string filePath, Exception inner)
        : base($"Could not update {filePath}: {inner.Message}", inner)
    {
        FilePath = filePath;
    }
}
