using System.Diagnostics;
using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;

namespace Braid.Ssh.Tests.Keys.Certificates;

/// <summary>CA keys and plain keys made once per test class by ssh-keygen, and certificates signed on
/// demand with ssh-keygen -s (the oracle), in a private temp directory deleted afterwards.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CertificateFixture : IDisposable
{
    public string Dir { get; }
    private int _next;

    public static readonly string[] Keys = ["ed25519", "ecdsa256", "ecdsa384", "ecdsa521", "rsa"];
    public static readonly string[] CAs = ["ca-ed25519", "ca-ecdsa", "ca-rsa"];

    public CertificateFixture()
    {
        Dir = Path.Combine(Path.GetTempPath(), "braid-certs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var gens = new List<Process>
        {
            Gen("ed25519", "-t", "ed25519"),
            Gen("ecdsa256", "-t", "ecdsa", "-b", "256"),
            Gen("ecdsa384", "-t", "ecdsa", "-b", "384"),
            Gen("ecdsa521", "-t", "ecdsa", "-b", "521"),
            Gen("rsa", "-t", "rsa", "-b", "2048"),
            Gen("ca-ed25519", "-t", "ed25519"),
            Gen("ca-ecdsa", "-t", "ecdsa", "-b", "384"),
            Gen("ca-rsa", "-t", "rsa", "-b", "2048"),
        };
        foreach (var p in gens)
        {
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("ssh-keygen failed: " + p.StandardError.ReadToEnd());
            p.Dispose();
        }
    }

    private Process Gen(string name, params string[] args)
    {
        var psi = new ProcessStartInfo("ssh-keygen") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-q", "-N", "", "-C", "test-" + name, "-f", PathOf(name), .. args]) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    public string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>Signs <paramref name="key"/>.pub with <paramref name="ca"/> via ssh-keygen -s and the given
    /// options (-I, -n, -h, -V, -O, -z, -t …); returns the path of the -cert.pub file.</summary>
    public string SignWithKeygen(string key, string ca, params string[] options)
    {
        string copy = PathOf($"{key}.{Interlocked.Increment(ref _next)}");
        File.Copy(PathOf(key) + ".pub", copy + ".pub");
        string[] args = ["-q", "-s", PathOf(ca), .. options, copy + ".pub"];
        if (!args.Contains("-I")) args = ["-I", "test-id", .. args];
        OpenSshTool.KeygenOk(args);
        return copy + "-cert.pub";
    }

    /// <summary>The certificate blob (base64 field) of a -cert.pub file.</summary>
    public static byte[] BlobOf(string certPath) => Convert.FromBase64String(File.ReadAllText(certPath).Split(' ')[1]);

    public OpenSshCertificate Parse(string certPath) => OpenSshCertificate.Parse(BlobOf(certPath));

    public PrivateKey Private(string name) => PrivateKeyFile.Parse(File.ReadAllBytes(PathOf(name)), (string?)null);

    public PublicKey Public(string name) => PublicKeyParser.ParseLine(File.ReadAllText(PathOf(name) + ".pub"), out _);

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
