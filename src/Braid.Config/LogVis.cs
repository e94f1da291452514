using System.Text;

namespace Braid.Config;

/// <summary>
/// ssh's log.c runs every message through strnvis(VIS_SAFE|VIS_OCTAL) before printing it, so a
/// backslash comes out doubled and non-printable or non-ASCII bytes as \ooo. Diagnostics are encoded
/// the same way so scripts that match ssh's messages match Braid's.
/// </summary>
internal static class LogVis
{
    public static string Encode(string message)
    {
        var sb = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b == (byte)'\\') sb.Append("\\\\");
            else if ((b > 0x20 && b < 0x7f) || b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\b' or 7 or (byte)'\r') sb.Append((char)b);
            else sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
        }
        return sb.ToString();
    }
}
