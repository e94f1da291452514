using Braid.Ssh;
using Braid.Ssh.Wire;

namespace Braid.Mux.Protocol;

/// <summary>MUX_C_NEW_SESSION. The flags are uint32 on the wire (the spec says bool; OpenSSH writes u32).</summary>
public sealed record NewSessionRequest(
    uint RequestId, bool WantTty, bool WantX11, bool WantAgent, bool IsSubsystem,
    uint EscapeChar, string Term, string Command, IReadOnlyList<string> Environment)
{
    public const int MaxEnvironment = 4096;

    public byte[] Encode()
    {
        using var w = new SshWriter(128);
        w.WriteUInt32(MuxMessageType.NewSession).WriteUInt32(RequestId).WriteString("")
         .WriteUInt32(WantTty ? 1u : 0).WriteUInt32(WantX11 ? 1u : 0).WriteUInt32(WantAgent ? 1u : 0).WriteUInt32(IsSubsystem ? 1u : 0)
         .WriteUInt32(EscapeChar).WriteString(Term).WriteString(Command);
        foreach (var e in Environment) w.WriteString(e);
        return w.ToArray();
    }

    /// <summary>Decodes the body after the type field.</summary>
    public static NewSessionRequest Decode(ref SshReader r)
    {
        uint rid = r.ReadUInt32();
        r.ReadString(); // reserved
        bool tty = r.ReadUInt32() != 0, x11 = r.ReadUInt32() != 0, agent = r.ReadUInt32() != 0, subsys = r.ReadUInt32() != 0;
        uint esc = r.ReadUInt32();
        string term = r.ReadStringUtf8();
        string cmd = r.ReadStringUtf8();
        var env = new List<string>();
        while (!r.AtEnd)
        {
            string e = r.ReadStringUtf8();
            // OpenSSH caps the count and ignores the rest; so do we, without failing the session.
            if (env.Count < MaxEnvironment) env.Add(e);
        }
        return new NewSessionRequest(rid, tty, x11, agent, subsys, esc, term, cmd, env);
    }
}

/// <summary>MUX_C_NEW_STDIO_FWD (-W). The port is a uint32 on the wire (the spec says string).</summary>
public sealed record NewStdioForwardRequest(uint RequestId, string Host, uint Port)
{
    public byte[] Encode()
    {
        using var w = new SshWriter(64);
        w.WriteUInt32(MuxMessageType.NewStdioForward).WriteUInt32(RequestId).WriteString("").WriteString(Host).WriteUInt32(Port);
        return w.ToArray();
    }

    public static NewStdioForwardRequest Decode(ref SshReader r)
    {
        uint rid = r.ReadUInt32();
        r.ReadString();
        string host = r.ReadStringUtf8();
        uint port = r.ReadUInt32();
        return new NewStdioForwardRequest(rid, host, port);
    }
}

/// <summary>MUX_C_OPEN_FWD / MUX_C_CLOSE_FWD. Empty strings mean "not set".</summary>
public sealed record ForwardRequest(uint Type, uint RequestId, uint ForwardType, string ListenHost, uint ListenPort, string ConnectHost, uint ConnectPort)
{
    public byte[] Encode()
    {
        using var w = new SshWriter(96);
        w.WriteUInt32(Type).WriteUInt32(RequestId).WriteUInt32(ForwardType).WriteString(ListenHost).WriteUInt32(ListenPort)
         .WriteString(ConnectHost).WriteUInt32(ConnectPort);
        return w.ToArray();
    }

    public static ForwardRequest Decode(uint type, ref SshReader r)
    {
        uint rid = r.ReadUInt32();
        uint ftype = r.ReadUInt32();
        string lh = r.ReadStringUtf8();
        uint lp = r.ReadUInt32();
        string ch = r.ReadStringUtf8();
        uint cp = r.ReadUInt32();
        return new ForwardRequest(type, rid, ftype, lh, lp, ch, cp);
    }

    /// <summary>The validation OpenSSH does — but before anything else looks at the fields, so a bad type
    /// is refused instead of killing the master (OpenSSH's format_forward() is fatal on type 9).</summary>
    public string? Validate()
    {
        bool listenPath = ListenPort == MuxMessageType.PortStreamLocal;
        bool connectPath = ConnectPort == MuxMessageType.PortStreamLocal;
        if (ForwardType is not (MuxMessageType.ForwardLocal or MuxMessageType.ForwardRemote or MuxMessageType.ForwardDynamic))
            return "Invalid forwarding request";
        if (!listenPath && ListenPort > 65535) return "Invalid forwarding request";
        if (!connectPath && ConnectPort > 65535) return "Invalid forwarding request";
        if (listenPath && ForwardType == MuxMessageType.ForwardDynamic) return "Invalid forwarding request";
        if (ForwardType != MuxMessageType.ForwardDynamic && ForwardType != MuxMessageType.ForwardRemote && ConnectPort == 0)
            return "Invalid forwarding request";
        if (ForwardType != MuxMessageType.ForwardDynamic && ConnectHost.Length == 0) return "Invalid forwarding request";
        if (listenPath && ListenHost.Length == 0) return "Invalid forwarding request";
        return null;
    }
}

/// <summary>Requests with only a request id: ALIVE_CHECK, TERMINATE, STOP_LISTENING, PROXY.</summary>
public sealed record SimpleRequest(uint Type, uint RequestId)
{
    public byte[] Encode()
    {
        using var w = new SshWriter(8);
        w.WriteUInt32(Type).WriteUInt32(RequestId);
        return w.ToArray();
    }
}

/// <summary>MUX_C_EXT_INFO (OpenSSH 10.3+): "connection" or "channels".</summary>
public sealed record ExtInfoRequest(uint RequestId, string Name)
{
    public byte[] Encode()
    {
        using var w = new SshWriter(32);
        w.WriteUInt32(MuxMessageType.ExtInfo).WriteUInt32(RequestId).WriteString(Name);
        return w.ToArray();
    }
}

/// <summary>MUX_MSG_HELLO with its extension pairs.</summary>
public sealed record HelloMessage(uint Version, IReadOnlyList<(string Name, string Value)> Extensions)
{
    public byte[] Encode()
    {
        using var w = new SshWriter(32);
        w.WriteUInt32(MuxMessageType.Hello).WriteUInt32(Version);
        foreach (var (n, v) in Extensions) w.WriteString(n).WriteString(v);
        return w.ToArray();
    }

    public static HelloMessage Decode(ref SshReader r)
    {
        uint v = r.ReadUInt32();
        var ext = new List<(string, string)>();
        while (!r.AtEnd && ext.Count < 64) ext.Add((r.ReadStringUtf8(), r.ReadStringUtf8()));
        return new HelloMessage(v, ext);
    }
}

/// <summary>Master-to-client replies.</summary>
public static class MuxReplies
{
    public static byte[] Ok(uint rid) => Build(MuxMessageType.Ok, rid);
    public static byte[] Alive(uint rid, uint pid) => Build(MuxMessageType.Alive, rid, pid);
    public static byte[] SessionOpened(uint rid, uint sessionId) => Build(MuxMessageType.SessionOpened, rid, sessionId);
    public static byte[] RemotePort(uint rid, uint port) => Build(MuxMessageType.RemotePort, rid, port);
    public static byte[] ExitMessage(uint sessionId, uint code) => Build(MuxMessageType.ExitMessage, sessionId, code);
    public static byte[] TtyAllocFail(uint sessionId) => Build(MuxMessageType.TtyAllocFail, sessionId);
    public static byte[] ProxyOk(uint rid) => Build(MuxMessageType.ProxyReply, rid);
    public static byte[] Failure(uint rid, string reason) => WithReason(MuxMessageType.Failure, rid, reason);
    public static byte[] PermissionDenied(uint rid, string reason) => WithReason(MuxMessageType.PermissionDenied, rid, reason);

    public static byte[] ExtInfo(uint rid, bool ok, string text)
    {
        using var w = new SshWriter(64 + text.Length);
        w.WriteUInt32(MuxMessageType.ExtInfoReply).WriteUInt32(rid).WriteUInt32(ok ? 1u : 0).WriteString(text);
        return w.ToArray();
    }

    private static byte[] Build(uint type, uint a, uint? b = null)
    {
        using var w = new SshWriter(12);
        w.WriteUInt32(type).WriteUInt32(a);
        if (b.HasValue) w.WriteUInt32(b.Value);
        return w.ToArray();
    }

    private static byte[] WithReason(uint type, uint rid, string reason)
    {
        using var w = new SshWriter(16 + reason.Length);
        w.WriteUInt32(type).WriteUInt32(rid).WriteString(reason);
        return w.ToArray();
    }
}
