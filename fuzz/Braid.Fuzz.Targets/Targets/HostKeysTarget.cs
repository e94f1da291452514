using System.Security.Cryptography;
using System.Text;
using Braid.Ssh;
using Braid.Ssh.HostKeys;
using Braid.Ssh.Logging;
using Braid.Ssh.Wire;

namespace Braid.Fuzz.Targets;

/// <summary>UpdateHostKeys on outside bytes: the server's hostkeys-00@openssh.com body, the known_hosts text it
/// is compared with and rewritten from, and the server's hostkeys-prove-00 reply (three <see cref="InputParts"/>).
/// Nothing may escape: a truncated reply is refused with <see cref="SshProtocolException"/>, caught here.</summary>
public static class HostKeysTarget
{
    private const string Host = "[fuzz.example]:2222";
    private static readonly string[] Algorithms = ["ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256"];

    public static void Run(ReadOnlySpan<byte> input)
    {
        var parts = InputParts.Split(input, 3);
        if (parts.Count == 0) return;
        var keys = HostKeysAnnouncement.Parse(parts[0], Algorithms, HashAlgorithmName.SHA256, SshLog.Silent);
        if (keys is null) return;
        var text = parts.Count > 1 ? Encoding.UTF8.GetString(parts[1]) : "";
        var plan = KnownHostsUpdatePlan.Make(keys, Host, "[10.1.2.3]:2222", [KnownHostsFile.Parse("kh", text)]);
        _ = plan.NewCount + plan.IncompleteCount;
        KnownHostsReplacement.Apply("kh", text, Host, null, keys, hash: false, HashAlgorithmName.SHA256);
        if (parts.Count < 3) return;
        try
        {
            var r = new SshReader(parts[2]);
            for (int i = 0; i < keys.Count && !r.AtEnd; i++)
                HostKeyProof.Verify(keys[i], "session"u8, r.ReadString(), i % 2 == 0 ? "ssh-ed25519" : "rsa-sha2-256", out _);
        }
        catch (SshProtocolException)
        {
            // a truncated reply: HostKeyUpdater reports "parse sig" and learns nothing
        }
    }
}
