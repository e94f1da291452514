using Braid.Mux.Master;
using Braid.Mux.Protocol;
using Braid.Ssh;
using Braid.Ssh.Wire;

namespace Braid.Fuzz.Targets;

/// <summary>The control-socket request decoder: one frame body (type first) decoded the way the master
/// decodes it, then validated. Documented error: SshProtocolException (truncated, bad UTF-8).</summary>
public static class MuxRequestTarget
{
    private static readonly string[] SendEnv = ["LANG", "LC_*", "-LC_ALL", "X?Z*"];

    public static void Run(ReadOnlySpan<byte> body)
    {
        try
        {
            var r = new SshReader(body);
            uint type = r.ReadUInt32();
            switch (type)
            {
                case MuxMessageType.Hello:
                    HelloMessage.Decode(ref r);
                    break;
                case MuxMessageType.NewSession:
                    var s = NewSessionRequest.Decode(ref r);
                    // The master filters the passenger's environment with its SendEnv patterns (MuxSession).
                    foreach (var e in s.Environment)
                    {
                        int eq = e.IndexOf('=');
                        if (eq > 0) EnvPatterns.Matches(SendEnv, e[..eq]);
                    }
                    break;
                case MuxMessageType.NewStdioForward:
                    NewStdioForwardRequest.Decode(ref r);
                    break;
                case MuxMessageType.OpenForward:
                case MuxMessageType.CloseForward:
                    ForwardRequest.Decode(type, ref r).Validate();
                    break;
                case MuxMessageType.ExtInfo:
                    r.ReadUInt32();
                    r.ReadStringUtf8();
                    break;
                default:
                    if (r.Remaining >= 4) r.ReadUInt32();
                    break;
            }
        }
        catch (SshProtocolException) { }
    }
}
