using System.Diagnostics;

namespace Braid.Ssh.Tests.Keys;

/// <summary>Key files made once per test class by ssh-keygen, in a private temp directory deleted afterwards.
/// RSA/ECDSA keys are generated once and converted to the other formats with ssh-keygen -p (cheap).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyFilesFixture : IDisposable
{
    public const string Passphrase = "secret";
    public string Dir { get; }

    public KeyFilesFixture()
    {
        Dir = Path.Combine(Path.GetTempPath(), "braid-keys-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // Generate in parallel: RSA dominates.
        var gens = new List<Process>
        {
            Gen("ed25519", "-t", "ed25519", "-N", ""),
            Gen("ed25519-secret", "-t", "ed25519", "-N", Passphrase),
            Gen("ecdsa256", "-t", "ecdsa", "-b", "256", "-N", ""),
            Gen("ecdsa384", "-t", "ecdsa", "-b", "384", "-N", ""),
            Gen("ecdsa521", "-t", "ecdsa", "-b", "521", "-N", ""),
            Gen("rsa", "-t", "rsa", "-b", "2048", "-N", ""),
        };
        foreach (var cipher in new[] { "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-cbc", "aes256-cbc", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com" })
            gens.Add(Gen("ed25519-" + cipher, "-t", "ed25519", "-a", "4", "-Z", cipher, "-N", Passphrase));
        foreach (var p in gens)
        {
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("ssh-keygen failed: " + p.StandardError.ReadToEnd());
            p.Dispose();
        }

        // Encrypted openssh-format copies, and PEM / PKCS8 conversions, plain and encrypted.
        foreach (var k in new[] { "ecdsa256", "ecdsa384", "ecdsa521", "rsa" })
        {
            Convert(k, k + "-secret", "RFC4716", Passphrase, keepFormat: true);
            Convert(k, k + "-pem", "PEM", "");
            Convert(k, k + "-pem-secret", "PEM", Passphrase);
            Convert(k, k + "-pkcs8", "PKCS8", "");
            Convert(k, k + "-pkcs8-secret", "PKCS8", Passphrase);
        }
    }

    private Process Gen(string name, params string[] args)
    {
        var psi = new ProcessStartInfo("ssh-keygen") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-q");
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add("test-" + name);
        psi.ArgumentList.Add("-f");
        psi.ArgumentList.Add(PathOf(name));
        return Process.Start(psi)!;
    }

    /// <summary>Copies a key and rewrites it with ssh-keygen -p in the given format (-m) and passphrase.</summary>
    private void Convert(string from, string to, string format, string passphrase, bool keepFormat = false)
    {
        File.Copy(PathOf(from), PathOf(to));
        File.Copy(PathOf(from) + ".pub", PathOf(to) + ".pub");
        var args = new List<string> { "-q", "-p", "-P", "", "-N", passphrase, "-f", PathOf(to) };
        if (!keepFormat) { args.Add("-m"); args.Add(format); }
        OpenSshTool.KeygenOk(args.ToArray());
    }

    public string PathOf(string name) => Path.Combine(Dir, name);

    public byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
