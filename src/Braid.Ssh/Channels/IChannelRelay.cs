namespace Braid.Ssh.Channels;

/// <summary>
/// Receives server messages for a channel that another party drives (a mux proxy client): the payload
/// arrives with its recipient id already rewritten to that party's own channel id.
/// </summary>
public interface IChannelRelay
{
    void Deliver(byte[] payload);
}
