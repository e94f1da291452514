using Braid.Config;
using Braid.Ssh;
using Braid.Ssh.Agent;
using Braid.Ssh.Auth;
using Braid.Ssh.Keys;
using Braid.Ssh.Logging;

namespace Braid.Cli;

/// <summary>Keys held by ssh-agent (IdentityAgent, else $SSH_AUTH_SOCK). No agent is not an error.</summary>
internal static class AgentIdentities
{
    public static IReadOnlyList<AuthIdentity> Load(SshConfig c, SshLog log)
    {
        if (c.IdentityAgent == "none") return [];
        string? path = AgentClient.ResolveSocketPath(c.IdentityAgent is null ? null : c.ExpandPath(c.IdentityAgent));
        if (string.IsNullOrEmpty(path)) return [];
        try
        {
            var client = AgentClient.ConnectAsync(path).GetAwaiter().GetResult();
            var ids = client.RequestIdentitiesAsync().GetAwaiter().GetResult();
            log.Debug($"get_agent_identities: agent returned {ids.Count} keys");
            return ids.Where(i => i.PublicKey != null).Select(i => new AuthIdentity
            {
                PublicKey = i.PublicKey,
                Comment = i.Comment,
                Source = "agent",
                CanSignWithoutPrompt = true,
                GetSigner = _ => ValueTask.FromResult<ISigner?>(new AgentSigner(client, i)),
            }).ToList();
        }
        catch (Exception e) when (e is IOException or SshException or System.Net.Sockets.SocketException)
        {
            log.Debug($"get_agent_identities: ssh_get_authentication_socket: {e.Message}");
            return [];
        }
    }
}
