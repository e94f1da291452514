using Braid.Mux.Protocol;

namespace Braid.Mux.Master;

/// <summary>
/// The master's forwards. Validation happens before this is reached; the forwarding issue fills in
/// the listeners and remote requests. Until then every request is refused with OpenSSH's text.
/// </summary>
public sealed class ForwardManager
{
    private readonly MuxMaster _master;

    public ForwardManager(MuxMaster master) { _master = master; }

    public Task<byte[]> HandleAsync(ForwardRequest req, Func<string, bool> confirm, CancellationToken ct)
    {
        _master.Log.Debug($"forward request type {req.ForwardType} refused: not implemented yet");
        return Task.FromResult(req.Type == MuxMessageType.CloseForward
            ? MuxReplies.Failure(req.RequestId, "port not forwarded")
            : MuxReplies.Failure(req.RequestId, "Port forwarding failed"));
    }

    public int Count => 0;
}
