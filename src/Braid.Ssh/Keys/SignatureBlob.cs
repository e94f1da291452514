using Braid.Ssh.Wire;

namespace Braid.Ssh.Keys;

/// <summary>The SSH signature encoding shared by all algorithms: string algorithm, string signature.</summary>
internal static class SignatureBlob
{
    /// <summary>Splits a signature blob; false when malformed or followed by trailing bytes (OpenSSH
    /// rejects those too).</summary>
    public static bool TryParse(ReadOnlySpan<byte> blob, out string algorithm, out ReadOnlySpan<byte> signature)
    {
        algorithm = "";
        signature = default;
        try
        {
            var r = new SshReader(blob);
            algorithm = r.ReadStringUtf8();
            signature = r.ReadString();
            return r.AtEnd;
        }
        catch (SshProtocolException)
        {
            return false;
        }
    }

    public static byte[] Build(string algorithm, ReadOnlySpan<byte> signature)
    {
        using var w = new SshWriter(signature.Length + algorithm.Length + 16);
        w.WriteString(algorithm).WriteString(signature);
        return w.ToArray();
    }
}
