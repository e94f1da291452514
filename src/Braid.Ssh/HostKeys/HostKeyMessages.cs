namespace Braid.Ssh.HostKeys;

/// <summary>OpenSSH's host key texts (sshconnect.c, 9.2), kept verbatim in one place so they can be
/// compared against the real ssh. "type" is always the short name ("ED25519"), as sshkey_type() gives.</summary>
internal static class HostKeyMessages
{
    public const string VerificationFailed = "Host key verification failed.";
    public const string ConfirmQuestion = "Are you sure you want to continue connecting (yes/no/[fingerprint])? ";
    public const string ConfirmQuestionNoFingerprint = "Are you sure you want to continue connecting (yes/no)? ";
    public const string Again = "Please type 'yes' or 'no': ";
    public const string AgainWithFingerprint = "Please type 'yes', 'no' or the fingerprint: ";
    public const string NotKnownByOtherNames = "This key is not known by any other names.";
    public const string KnownByOtherNames = "This host key is known by the following other names/addresses:";
    private const string Banner = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@";

    public static string Authenticity(string host, string ip) =>
        $"The authenticity of host '{host} ({ip})' can't be established.";

    public static string Fingerprint(string type, string fp) => $"{type} key fingerprint is {fp}.";

    public static string PermanentlyAdded(string hostp, string type) =>
        $"Warning: Permanently added '{hostp}' ({type}) to the list of known hosts.";

    public static string FailedToAdd(string file) => $"Failed to add the host to the list of known hosts ({file}).";

    public static string NoKeyKnownStrict(string type, string host) =>
        $"No {type} host key is known for {host} and you have requested strict checking.";

    public static IEnumerable<string> ChangedKey(string type, string fp) =>
    [
        Banner,
        "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @",
        Banner,
        "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!",
        "Someone could be eavesdropping on you right now (man-in-the-middle attack)!",
        "It is also possible that a host key has just been changed.",
        $"The fingerprint for the {type} key sent by the remote host is\n{fp}.",
        "Please contact your system administrator.",
    ];

    public static IEnumerable<string> Revoked(string type, string host) =>
    [
        Banner,
        "@       WARNING: REVOKED HOST KEY DETECTED!               @",
        Banner,
        $"The {type} host key for {host} is marked as revoked.",
        "This could mean that a stolen key is being used to",
        "impersonate this host.",
    ];

    public static IEnumerable<string> DnsSpoofing(string type, string host, string ip, string keyMessage) =>
    [
        Banner,
        "@       WARNING: POSSIBLE DNS SPOOFING DETECTED!          @",
        Banner,
        $"The {type} host key for {host} has changed,",
        $"and the key for the corresponding IP address {ip}",
        $"{keyMessage}. This could either mean that",
        "DNS SPOOFING is happening or the IP address for the host",
        "and its host key have changed at the same time.",
    ];

    public static string RevokedStrict(string type, string host) =>
        $"{type} host key for {host} was revoked and you have requested strict checking.";

    public static string AddCorrectKey(string file) => $"Add correct host key in {file} to get rid of this message.";

    public static string Offending(string type, KnownHostsEntry e) => $"Offending {type} key in {e.FilePath}:{e.LineNumber}";

    public static string RemoveHint(string file, string host) => $"  remove with:\n  ssh-keygen -f \"{file}\" -R \"{host}\"";

    public static string ChangedStrict(string host) => $"Host key for {host} has changed and you have requested strict checking.";
}
