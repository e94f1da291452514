using Braid.Ssh.Forwarding;

namespace Braid.Fuzz.Targets;

/// <summary>A SOCKS4/4A/5 client's handshake as the dynamic forwarder (-D) reads it. Documented error:
/// SocksRefusedException (the forwarder answers with a SOCKS failure and closes).</summary>
public static class SocksTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var s = new ScriptedStream(input.ToArray());
        try { Await.Result(ct => SocksHandshake.ReadRequestAsync(s, ct)); }
        catch (SocksRefusedException) { }
    }
}
