namespace Braid.Ssh.KeyExchange;

/// <summary>Names and construction of every key exchange method Braid implements.</summary>
public static class KeyExchangeRegistry
{
    /// <summary>OpenSSH 9.9's client default KexAlgorithms (without the kex-strict/ext-info pseudo
    /// names, which the transport appends itself).</summary>
    public static IReadOnlyList<string> DefaultClientOrder { get; } =
    [
        HybridKemKeyExchange.MlKem768X25519Name,
        HybridKemKeyExchange.Sntrup761X25519Name,
        HybridKemKeyExchange.Sntrup761X25519OpenSshName,
        Curve25519KeyExchange.RfcName,
        Curve25519KeyExchange.LibsshName,
        EcdhNistKeyExchange.P256Name,
        EcdhNistKeyExchange.P384Name,
        EcdhNistKeyExchange.P521Name,
        DiffieHellmanGroupExchange.Sha256Name,
        DiffieHellmanKeyExchange.Group16Sha512Name,
        DiffieHellmanKeyExchange.Group18Sha512Name,
        DiffieHellmanKeyExchange.Group14Sha256Name,
    ];

    /// <summary>Everything <see cref="Create"/> accepts: the defaults plus diffie-hellman-group14-sha1,
    /// which is available when configured but never offered by default (as in OpenSSH).</summary>
    public static IReadOnlyList<string> Supported { get; } =
        [.. DefaultClientOrder, DiffieHellmanKeyExchange.Group14Sha1Name];

    public static bool IsSupported(string name) => Supported.Contains(name, StringComparer.Ordinal);

    /// <summary>A new method instance for <paramref name="name"/>.</summary>
    /// <param name="gexPreferredBits">n for diffie-hellman-group-exchange-sha256; the transport should pass
    /// <see cref="DiffieHellmanGroupExchange.EstimateGroupBits"/>(need * 8) for the negotiated ciphers.</param>
    public static IKeyExchangeMethod Create(string name, int gexPreferredBits = 3072) => name switch
    {
        HybridKemKeyExchange.MlKem768X25519Name or
        HybridKemKeyExchange.Sntrup761X25519Name or
        HybridKemKeyExchange.Sntrup761X25519OpenSshName => new HybridKemKeyExchange(name),
        Curve25519KeyExchange.RfcName or Curve25519KeyExchange.LibsshName => new Curve25519KeyExchange(name),
        EcdhNistKeyExchange.P256Name or EcdhNistKeyExchange.P384Name or EcdhNistKeyExchange.P521Name => new EcdhNistKeyExchange(name),
        DiffieHellmanGroupExchange.Sha256Name => new DiffieHellmanGroupExchange(gexPreferredBits),
        DiffieHellmanKeyExchange.Group14Sha1Name or
        DiffieHellmanKeyExchange.Group14Sha256Name or
        DiffieHellmanKeyExchange.Group16Sha512Name or
        DiffieHellmanKeyExchange.Group18Sha512Name => new DiffieHellmanKeyExchange(name),
        _ => throw new ArgumentException($"unsupported key exchange method: {name}", nameof(name)),
    };
}
