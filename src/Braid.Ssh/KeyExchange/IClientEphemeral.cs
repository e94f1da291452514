namespace Braid.Ssh.KeyExchange;

/// <summary>The client's half of a one-round key agreement (ECDH, X25519, hybrid KEM): a public
/// blob sent as a string in SSH_MSG_KEX_ECDH_INIT, and the secret part that turns the server's
/// reply blob into K. Dispose clears the secret part.</summary>
internal interface IClientEphemeral : IDisposable
{
    /// <summary>Q_C (or C_INIT for the hybrids), exactly as it goes into the string on the wire.</summary>
    byte[] PublicBlob { get; }

    /// <summary>Validates the server's blob and returns K already wire-encoded (mpint or string).</summary>
    byte[] DeriveEncodedSecret(ReadOnlySpan<byte> serverBlob);
}
