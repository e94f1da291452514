using System.Text;
using Braid.Ssh;
using Braid.Ssh.Keys;
using Braid.Ssh.Wire;

namespace Braid.Fuzz.Targets;

/// <summary>Key files. Documented errors: SshException and its subclasses (InvalidKeyFormatException,
/// IncorrectPassphraseException, PassphraseRequiredException, UnsupportedKeyTypeException) and, for wire
/// blobs, SshProtocolException.</summary>
public static class KeyFileTargets
{
    /// <summary>The passphrase of the encrypted seed keys (fuzz/corpus/private-key/*-enc*).</summary>
    public const string Passphrase = "fuzzfuzz";

    /// <summary>A private key file: OpenSSH format, PEM (PKCS#1, SEC1), PKCS#8, encrypted or not.</summary>
    public static void RunPrivateKey(ReadOnlySpan<byte> file)
    {
        try { PrivateKeyFile.IsEncrypted(file); }
        catch (SshException) { }
        PublicKeyFile.TryReadFromPrivateKeyFile(file);
        foreach (var pass in SlowKdf(file) ? [null] : new[] { null, Passphrase })
        {
            try
            {
                // A key that loads must also sign: that is what it is loaded for.
                using var key = PrivateKeyFile.Parse(file, pass, out _);
                key.Sign(key.PublicKey.SignatureAlgorithms[0], "data"u8);
            }
            catch (SshException) { }
        }
    }

    /// <summary>bcrypt rounds above which the target does not decrypt. The KDF is slow on purpose (about
    /// 180 rounds a second, like OpenSSH's) and the parser allows up to 65536 (minutes), so such an input
    /// would only be reported as a hang; everything before the KDF is still fuzzed.</summary>
    public const uint MaxFuzzedRounds = 64;

    private static bool SlowKdf(ReadOnlySpan<byte> file)
    {
        var pem = PemArmor.TryDecode(file);
        if (pem is null || pem.Label != OpenSshPrivateKeyFormat.Label) return false;
        try
        {
            // "openssh-key-v1\0", string cipher, string kdf, string kdfoptions (string salt, uint32 rounds)
            var r = new SshReader(pem.Body);
            r.ReadBytes(15);
            r.ReadString();
            r.ReadString();
            var options = new SshReader(r.ReadString());
            options.ReadString();
            return options.ReadUInt32() > MaxFuzzedRounds;
        }
        catch (SshProtocolException) { return false; }
        finally { pem.Clear(); }
    }

    /// <summary>A public key: the input as a .pub / authorized_keys line and as a wire blob; a key that parses
    /// also checks the input as a signature blob (the host key signature path).</summary>
    public static void RunPublicKey(ReadOnlySpan<byte> input)
    {
        try { PublicKeyParser.ParseLine(Encoding.UTF8.GetString(input), out _); }
        catch (SshException) { }
        PublicKeyParser.PeekKeyType(input);
        try
        {
            var key = PublicKeyParser.Parse(input);
            _ = key.Fingerprint(System.Security.Cryptography.HashAlgorithmName.SHA256);
            foreach (var alg in key.SignatureAlgorithms) key.Verify(alg, "data"u8, input);
        }
        catch (SshException) { }
        catch (SshProtocolException) { }
    }
}
