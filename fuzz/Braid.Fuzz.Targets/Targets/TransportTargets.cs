using Braid.Ssh;
using Braid.Ssh.Transport;
using Braid.Ssh.Transport.Ciphers;
using Braid.Ssh.Wire;

namespace Braid.Fuzz.Targets;

/// <summary>The transport layer's readers of server messages. Documented errors: SshProtocolException (malformed),
/// SshException (a refusal the user reads: no common algorithm, bad signature, disconnect, wrong protocol
/// version) and ConnectionClosedException (the server's bytes ran out).</summary>
public static class TransportTargets
{
    /// <summary>SSH_MSG_KEXINIT from the server, parsed and negotiated against the client's offer.</summary>
    public static void RunKexInit(ReadOnlySpan<byte> payload)
    {
        try
        {
            var server = KexInitMessage.Parse(payload);
            AlgorithmNegotiation.Negotiate(ClientAlgorithms.KexInit(), server, CipherRegistry.IsAead);
        }
        catch (SshException) { }
        catch (SshProtocolException) { }
    }

    /// <summary>Everything a server sends before the first NEWKEYS: banner, KEXINIT, key exchange reply,
    /// DEBUG/IGNORE/DISCONNECT/EXT_INFO, driven through SshTransport.ConnectAsync.</summary>
    public static void RunHandshake(ReadOnlySpan<byte> serverBytes)
    {
        var stream = new ScriptedStream(serverBytes.ToArray());
        try
        {
            var t = Await.Result(ct => SshTransport.ConnectAsync(stream, ClientAlgorithms.Options(), ct));
            Await.Done(async _ => await t.DisposeAsync().ConfigureAwait(false));
        }
        catch (SshException) { }
        catch (SshProtocolException) { }
        catch (ConnectionClosedException) { }
    }

    /// <summary>SSH_MSG_EXT_INFO's body (after the message number), sent before the server's KEXINIT so the
    /// transport handles it; then the server closes.</summary>
    public static void RunExtInfo(ReadOnlySpan<byte> body)
    {
        using var w = new SshWriter(body.Length + 64);
        w.WriteRaw("SSH-2.0-Fuzz\r\n"u8);
        w.WriteRaw(ClearPacket([MessageNumbers.ExtInfo, .. body]));
        RunHandshake(w.ToArray());
    }

    /// <summary>A packet without encryption or MAC (the layout before the first NEWKEYS), for seeds too.</summary>
    public static byte[] ClearPacket(ReadOnlySpan<byte> payload)
    {
        int pad = 8 - (5 + payload.Length) % 8;
        if (pad < 4) pad += 8;
        using var w = new SshWriter(payload.Length + 32);
        w.WriteUInt32((uint)(1 + payload.Length + pad)).WriteByte((byte)pad).WriteRaw(payload).WriteRaw(new byte[pad]);
        return w.ToArray();
    }
}
