using Braid.Ssh.Wire;

namespace Braid.Ssh.KeyExchange;

/// <summary>Starts the exchange-hash input every method shares (RFC 4253 §8):
/// string V_C, string V_S, string I_C, string I_S, string K_S. The method then appends its own
/// fields and K (already encoded) and hashes the result.</summary>
internal static class ExchangeHashWriter
{
    public static SshWriter Begin(KexInputs inputs, ReadOnlySpan<byte> hostKeyBlob)
    {
        // I_C and I_S are the KEXINIT payloads including the message number byte; a payload
        // without it would give a different H than the server and fail only at signature check.
        if (inputs.ClientKexInit.Length == 0 || inputs.ClientKexInit[0] != MessageNumbers.KexInit)
            throw new ArgumentException("ClientKexInit must be the whole KEXINIT payload, starting with byte 20", nameof(inputs));
        if (inputs.ServerKexInit.Length == 0 || inputs.ServerKexInit[0] != MessageNumbers.KexInit)
            throw new ArgumentException("ServerKexInit must be the whole KEXINIT payload, starting with byte 20", nameof(inputs));

        var w = new SshWriter(1024 + inputs.ClientKexInit.Length + inputs.ServerKexInit.Length + hostKeyBlob.Length);
        w.WriteString(inputs.ClientVersion)
         .WriteString(inputs.ServerVersion)
         .WriteString(inputs.ClientKexInit)
         .WriteString(inputs.ServerKexInit)
         .WriteString(hostKeyBlob);
        return w;
    }
}
