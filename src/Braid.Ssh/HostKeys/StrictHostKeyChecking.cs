namespace Braid.Ssh.HostKeys;

/// <summary>ssh_config StrictHostKeyChecking. "no" and "off" are the same setting in OpenSSH
/// (SSH_STRICT_HOSTKEY_OFF): new keys are added silently-with-a-warning, and even a changed key lets
/// the connection continue with MITM-able authentication and forwarding disabled.</summary>
public enum StrictHostKeyChecking
{
    Ask,
    Yes,
    AcceptNew,
    Off,
}

public static class StrictHostKeyCheckingParser
{
    /// <summary>Accepts the ssh_config spellings: yes/true, no/false/off, ask, accept-new (case-insensitive).</summary>
    public static bool TryParse(string value, out StrictHostKeyChecking result)
    {
        switch (value.ToLowerInvariant())
        {
            case "yes": case "true": result = StrictHostKeyChecking.Yes; return true;
            case "no": case "false": case "off": result = StrictHostKeyChecking.Off; return true;
            case "ask": result = StrictHostKeyChecking.Ask; return true;
            case "accept-new": result = StrictHostKeyChecking.AcceptNew; return true;
            default: result = StrictHostKeyChecking.Ask; return false;
        }
    }
}
