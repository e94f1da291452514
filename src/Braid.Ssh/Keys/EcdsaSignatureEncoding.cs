using Braid.Ssh.Wire;

namespace Braid.Ssh.Keys;

/// <summary>Converts between SSH's ECDSA signature body (mpint r, mpint s; RFC 5656 §3.1.2) and the
/// IEEE P1363 r||s form (fixed-width halves) that .NET produces and consumes.</summary>
internal static class EcdsaSignatureEncoding
{
    public static bool TryToP1363(ReadOnlySpan<byte> sshSig, int fieldBytes, Span<byte> p1363)
    {
        try
        {
            var r = new SshReader(sshSig);
            var rr = r.ReadMPIntUnsigned();
            var ss = r.ReadMPIntUnsigned();
            if (!r.AtEnd || rr.Length == 0 || ss.Length == 0 || rr.Length > fieldBytes || ss.Length > fieldBytes) return false;
            p1363.Clear();
            rr.CopyTo(p1363.Slice(fieldBytes - rr.Length, rr.Length));
            ss.CopyTo(p1363.Slice(2 * fieldBytes - ss.Length, ss.Length));
            return true;
        }
        catch (SshProtocolException)
        {
            return false;
        }
    }

    public static byte[] FromP1363(ReadOnlySpan<byte> p1363)
    {
        int half = p1363.Length / 2;
        using var w = new SshWriter(p1363.Length + 16);
        w.WriteMPIntUnsigned(p1363[..half]).WriteMPIntUnsigned(p1363[half..]);
        return w.ToArray();
    }
}
