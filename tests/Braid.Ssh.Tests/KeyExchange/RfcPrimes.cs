using System.Numerics;
using Braid.Ssh.KeyExchange;

namespace Braid.Ssh.Tests.KeyExchange;

/// <summary>Recomputes the RFC 3526 MODP primes from their definition,
/// p = 2^n - 2^(n-64) - 1 + 2^64 * (floor(2^(n-130) * pi) + k), to check the hex in ModpGroups.</summary>
internal static class RfcPrimes
{
    public static BigInteger Modp(int bits) => bits switch
    {
        2048 => ModpGroups.Group14.P,
        4096 => ModpGroups.Group16.P,
        _ => ModpGroups.Group18.P,
    };

    public static BigInteger FromDefinition(int n, int k) =>
        BigInteger.Pow(2, n) - BigInteger.Pow(2, n - 64) - 1 + BigInteger.Pow(2, 64) * (PiTimesPowerOfTwo(n - 130) + k);

    /// <summary>floor(pi * 2^bits) by Machin's formula pi = 16 atan(1/5) - 4 atan(1/239), with guard bits.</summary>
    private static BigInteger PiTimesPowerOfTwo(int bits)
    {
        const int guard = 64;
        var one = BigInteger.One << (bits + guard);
        var pi = 16 * ArctanInverse(5, one) - 4 * ArctanInverse(239, one);
        return pi >> guard;
    }

    private static BigInteger ArctanInverse(int x, BigInteger one)
    {
        BigInteger term = one / x, sum = term, x2 = x * x;
        for (int n = 3, sign = -1; !term.IsZero; n += 2, sign = -sign)
        {
            term /= x2;
            sum += sign * (term / n);
        }
        return sum;
    }
}
