using System.Diagnostics;

namespace Braid.Ssh.Tests.HostKeys;

/// <summary>Fixed keys (made with ssh-keygen) and their fingerprints as OpenSSH 9.2 prints them.</summary>
internal static class TestKeys
{
    public const string Ed = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPaYaz3SP3IyYB0zmLRrtmvCZhGqxk+1hFRNaMuMDjgQ";
    public const string EdFingerprint = "SHA256:8dJlvwHYQtdiMTCNfOv6HJbHzzH3YxrQSlElc8xsCIg";
    public const string EdMd5Fingerprint = "MD5:16:72:09:09:df:0f:6e:1e:ff:04:d8:a8:d6:84:15:0a";
    public const string Ed2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPFtQzrkuPrkY4piR6oVi3MU/ZozMn1/1K6GBRghWlHi";
    public const string Rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDp2+TfcYE6PcKtUpJSuaUXPJ3l2WW9rI2l7x0m2DTOTWq7ErwsH+cnY5XLaP/dOr2ysmlCQ5njCJxYm/i6PzlhQoDvwGk8zkpyV7Kb0lP1ulARv/+N4+70AlqXZ9EEpsIGfbFa7rnhNMGbYv8FcevK3qwRZj0zgRPEGoaVUBr4/7LjaAcXESJsvwGwyyO27dy9dkbsMEnCXlNLy+Be39cmRLksz64svcF0H2vuKhX0tBlEynCwNExcTAK2rsTap+FoohxKaD8eLeyaB0Ct96zuwrUQFpYNMLeuh7LkbHX7mbzo6XohQcosmVPhEE7JXas3PVHqPCIL+pPVXTyZKzPL";

    public static string TypeOf(string key) => key.Split(' ')[0];
    public static byte[] BlobOf(string key) => Convert.FromBase64String(key.Split(' ')[1]);
}

/// <summary>A temp directory removed at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("braid-kh-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Runs the real ssh-keygen, the oracle for file formats. Returns null when it is not installed.</summary>
internal static class SshKeygen
{
    public static (int ExitCode, string Stdout)? Run(params string[] args)
    {
        var psi = new ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
