using System.Security.Cryptography;

namespace Braid.Ssh.Keys;

/// <summary>Blowfish with the "expensive key schedule" used by bcrypt, exactly the pieces OpenSSH's
/// bcrypt_pbkdf needs (openbsd-compat/blowfish.c: initstate, expandstate, expand0state, encipher).
/// No library exposes these (BouncyCastle's Blowfish only has the standard key schedule), so they live here.
/// State is key-derived secret material: call <see cref="Clear"/> when done.</summary>
internal sealed class Eksblowfish
{
    private readonly uint[] _p = new uint[18];
    private readonly uint[] _s = new uint[4 * 256];

    public Eksblowfish() => Reset();

    /// <summary>Blowfish_initstate: back to the pi-derived initial P-array and S-boxes.</summary>
    public void Reset()
    {
        BlowfishInitialState.P.CopyTo(_p);
        BlowfishInitialState.S.CopyTo(_s);
    }

    public void Clear()
    {
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_p.AsSpan()));
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_s.AsSpan()));
    }

    /// <summary>Reads 4 bytes big-endian from <paramref name="data"/>, wrapping around cyclically
    /// (Blowfish_stream2word).</summary>
    private static uint StreamToWord(ReadOnlySpan<byte> data, ref int j)
    {
        uint w = 0;
        for (int i = 0; i < 4; i++, j++)
        {
            if (j >= data.Length) j = 0;
            w = (w << 8) | data[j];
        }
        return w;
    }

    private uint F(uint x) =>
        ((_s[(int)(x >> 24)] + _s[0x100 + (int)((x >> 16) & 0xff)]) ^ _s[0x200 + (int)((x >> 8) & 0xff)]) + _s[0x300 + (int)(x & 0xff)];

    public void Encipher(ref uint xl, ref uint xr)
    {
        uint l = xl ^ _p[0], r = xr;
        for (int i = 1; i <= 16; i += 2)
        {
            r ^= F(l) ^ _p[i];
            l ^= F(r) ^ _p[i + 1];
        }
        xl = r ^ _p[17];
        xr = l;
    }

    /// <summary>Blowfish_expandstate: mixes key into P, then re-encrypts P and S while folding in data (the salt).</summary>
    public void ExpandState(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key)
    {
        int j = 0;
        for (int i = 0; i < 18; i++) _p[i] ^= StreamToWord(key, ref j);
        j = 0;
        uint l = 0, r = 0;
        for (int i = 0; i < 18; i += 2)
        {
            l ^= StreamToWord(data, ref j);
            r ^= StreamToWord(data, ref j);
            Encipher(ref l, ref r);
            _p[i] = l; _p[i + 1] = r;
        }
        for (int i = 0; i < _s.Length; i += 2)
        {
            l ^= StreamToWord(data, ref j);
            r ^= StreamToWord(data, ref j);
            Encipher(ref l, ref r);
            _s[i] = l; _s[i + 1] = r;
        }
    }

    /// <summary>Blowfish_expand0state: as <see cref="ExpandState"/> without data.</summary>
    public void Expand0State(ReadOnlySpan<byte> key)
    {
        int j = 0;
        for (int i = 0; i < 18; i++) _p[i] ^= StreamToWord(key, ref j);
        uint l = 0, r = 0;
        for (int i = 0; i < 18; i += 2)
        {
            Encipher(ref l, ref r);
            _p[i] = l; _p[i + 1] = r;
        }
        for (int i = 0; i < _s.Length; i += 2)
        {
            Encipher(ref l, ref r);
            _s[i] = l; _s[i + 1] = r;
        }
    }

    internal static uint ReadWord(ReadOnlySpan<byte> data, ref int j) => StreamToWord(data, ref j);
}
