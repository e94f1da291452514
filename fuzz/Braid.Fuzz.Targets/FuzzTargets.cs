using Braid.Fuzz.Targets;

namespace Braid.Fuzz;

/// <summary>Every fuzz target, by the name scripts/fuzz.sh and fuzz/corpus/NAME use.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("mux-request", "control-socket request decoder + forward validation (Braid.Mux/Protocol)", MuxRequestTarget.Run),
        new("mux-master", "the master's ControlConnection serving a passenger's byte stream", MuxMasterTarget.Run),
        new("packet-none", "PacketReader before NEWKEYS (no cipher)", PacketTargets.RunNone),
        new("packet-keyed", "PacketReader with aes-ctr+hmac/etm, aes-gcm, chacha20-poly1305, zlib", PacketTargets.RunKeyed),
        new("kexinit", "KexInitMessage.Parse + algorithm negotiation", TransportTargets.RunKexInit),
        new("kex-reply", "key exchange replies of every method + host key and signature", KexReplyTarget.Run),
        new("handshake", "SshTransport.ConnectAsync against a scripted server (banner to NEWKEYS)", TransportTargets.RunHandshake),
        new("ext-info", "SSH_MSG_EXT_INFO", TransportTargets.RunExtInfo),
        new("known-hosts", "known_hosts parsing and host key lookup", KnownHostsTarget.Run),
        new("hostkeys", "UpdateHostKeys: hostkeys-00 body, known_hosts plan and rewrite, hostkeys-prove-00 reply", HostKeysTarget.Run),
        new("ssh-config", "ssh_config parse + resolve for a host + ssh -G dump", SshConfigTarget.Run),
        new("private-key", "private key files (OpenSSH, PEM, PKCS#8; encrypted) + signing", KeyFileTargets.RunPrivateKey),
        new("public-key", "public key lines, blobs and signature blobs", KeyFileTargets.RunPublicKey),
        new("agent-reply", "ssh-agent replies (identities, sign)", AgentReplyTarget.Run),
        new("socks", "SOCKS4/4A/5 requests (dynamic forwarding)", SocksTarget.Run),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
