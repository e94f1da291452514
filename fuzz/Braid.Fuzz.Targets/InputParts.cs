using System.Buffers.Binary;

namespace Braid.Fuzz;

/// <summary>Splits one fuzz input into several messages: each part is a big-endian uint16 length and that
/// many bytes (the last part may be short). Lets one input carry a conversation (several replies, packets).</summary>
public static class InputParts
{
    public static List<byte[]> Split(ReadOnlySpan<byte> input, int maxParts)
    {
        var parts = new List<byte[]>();
        while (input.Length >= 2 && parts.Count < maxParts)
        {
            int len = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(input), input.Length - 2);
            parts.Add(input.Slice(2, len).ToArray());
            input = input[(2 + len)..];
        }
        return parts;
    }

    /// <summary>The inverse of <see cref="Split"/>, for writing seeds.</summary>
    public static byte[] Join(params ReadOnlySpan<byte[]> parts)
    {
        var ms = new MemoryStream();
        Span<byte> len = stackalloc byte[2];
        foreach (var p in parts)
        {
            BinaryPrimitives.WriteUInt16BigEndian(len, checked((ushort)p.Length));
            ms.Write(len);
            ms.Write(p);
        }
        return ms.ToArray();
    }
}
