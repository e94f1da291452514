using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;
using Braid.Ssh.Logging;
using Braid.Ssh.Wire;

namespace Braid.Ssh.HostKeys;

/// <summary>The body of a server's hostkeys-00@openssh.com global request (PROTOCOL §2.5): one string per host
/// key blob. Parsed as clientloop.c client_input_hostkeys does: keys of types we cannot read are skipped, as are
/// certificates and keys HostKeyAlgorithms does not allow; a malformed list or a key sent twice spoils the whole
/// announcement.</summary>
public static class HostKeysAnnouncement
{
    public const string RequestName = "hostkeys-00@openssh.com";
    private const string Fn = "client_input_hostkeys";

    /// <summary>The usable keys, or null when the announcement must be ignored (already logged).</summary>
    public static List<PublicKey>? Parse(ReadOnlySpan<byte> body, IReadOnlyCollection<string> hostKeyAlgorithms,
        System.Security.Cryptography.HashAlgorithmName fingerprintHash, SshLog log)
    {
        var keys = new List<PublicKey>();
        var r = new SshReader(body);
        while (!r.AtEnd)
        {
            ReadOnlySpan<byte> blob;
            try { blob = r.ReadString(); }
            catch (SshProtocolException)
            {
                log.Error($"{Fn}: parse key: message incomplete");
                return null;
            }
            var type = PublicKeyParser.PeekKeyType(blob);
            bool isCert = type is not null && CertificateKeyTypes.PlainKeyType(type) is not null;
            PublicKey? key = null;
            if (!isCert && !PublicKeyParser.TryParse(blob, out key))
            {
                // Types ssh does not know are routine (debug1); a broken blob of a known type is an error.
                if (type is null || SshKeyTypeNames.Canonical(type) is null || !IsSupported(type))
                    log.Debug($"{Fn}: convert key: unknown or unsupported key type");
                else
                    log.Error($"{Fn}: convert key: invalid format");
                continue;
            }
            string keyType = key?.KeyType ?? type!;
            if (key is not null)
                log.Debug3($"{Fn}: received {SshKeyTypeNames.ShortName(keyType)} key {key.Fingerprint(fingerprintHash)}");
            if (!AcceptedByHostKeyAlgorithms(keyType, hostKeyAlgorithms))
            {
                log.Debug3($"{Fn}: {keyType} key not permitted by HostkeyAlgorithms");
                continue;
            }
            if (isCert)
            {
                log.Debug3($"{Fn}: {keyType} key is a certificate; skipping");
                continue;
            }
            if (keys.Any(k => k.KeyType == key!.KeyType && k.Blob.AsSpan().SequenceEqual(key.Blob)))
            {
                log.Error($"{Fn}: received duplicated {keyType} host key");
                return null;
            }
            keys.Add(key!);
        }
        return keys;
    }

    private static bool IsSupported(string type) => type is KeyTypeNames.Ed25519 or KeyTypeNames.Rsa
        or KeyTypeNames.EcdsaNistP256 or KeyTypeNames.EcdsaNistP384 or KeyTypeNames.EcdsaNistP521;

    /// <summary>key_accepted_by_hostkeyalgs: an RSA key counts when any RSA signature algorithm is allowed.</summary>
    internal static bool AcceptedByHostKeyAlgorithms(string keyType, IReadOnlyCollection<string> algorithms)
    {
        if (keyType == KeyTypeNames.Rsa &&
            (algorithms.Contains(KeyTypeNames.RsaSha2_256) || algorithms.Contains(KeyTypeNames.RsaSha2_512)))
            return true;
        return algorithms.Contains(keyType);
    }
}
