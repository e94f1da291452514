using System.Text;

namespace Braid.Mux.Master;

/// <summary>What `-O conninfo` and `-O channels` print (OpenSSH 10.3's "info" extension).</summary>
public static class MasterInfo
{
    public static string Connection(MuxMaster m)
    {
        var c = m.Pool.Primary;
        var t = c.SshTransport!;
        var sb = new StringBuilder();
        // OpenSSH 10.3's -O conninfo shows the endpoints as "local -> remote" and the negotiated algorithms.
        sb.Append($"Connection: {c.EndpointDescription ?? t.PeerHost}, master pid {m.Pid}\n");
        sb.Append($"  server version {t.ServerVersion}\n");
        sb.Append($"  kexalgorithm {t.KexAlgorithm}\n");
        sb.Append($"  hostkeyalgorithm {t.HostKeyAlgorithm}\n");
        sb.Append($"  cipher {t.CipherClientToServer}\n");
        sb.Append($"  mac {t.MacClientToServer ?? "<implicit>"}\n");
        sb.Append($"  compression {t.CompressionClientToServer}{(t.CompressionClientToServer != "none" ? " compressed" : "")}\n");
        sb.Append($"  bytes sent {t.BytesSent} received {t.BytesReceived}\n");
        sb.Append($"  up {(int)(DateTime.UtcNow - m.Started).TotalSeconds}s, {m.ClientCount} control connection(s), {m.Pool.OpenChannelCount} channel(s){(m.Pool.SpareCount > 0 ? $", {m.Pool.SpareCount} pre-opened" : "")}\n");
        return sb.ToString();
    }

    public static string Channels(MuxMaster m)
    {
        var sb = new StringBuilder();
        foreach (var c in m.Clients)
        {
            var s = c.Session;
            if (s?.Channel is { } ch)
                sb.Append($"  #{ch.LocalId} {ch.ChannelType} ({s.Description}) in {ch.BytesIn} out {ch.BytesOut}\n");
        }
        foreach (var ch in m.Pool.Spares)
            sb.Append($"  #{ch.LocalId} session (pre-opened, idle)\n");
        return sb.Length == 0 ? "no open channels\n" : sb.ToString();
    }
}
