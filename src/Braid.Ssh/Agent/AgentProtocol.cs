namespace Braid.Ssh.Agent;

/// <summary>Message numbers and flags of the ssh-agent protocol (draft-miller-ssh-agent, OpenSSH PROTOCOL.agent)
/// that a client needs.</summary>
internal static class AgentProtocol
{
    public const byte Failure = 5;                // SSH_AGENT_FAILURE
    public const byte Success = 6;                // SSH_AGENT_SUCCESS
    public const byte RequestIdentities = 11;     // SSH_AGENTC_REQUEST_IDENTITIES
    public const byte IdentitiesAnswer = 12;      // SSH_AGENT_IDENTITIES_ANSWER
    public const byte SignRequest = 13;           // SSH_AGENTC_SIGN_REQUEST
    public const byte SignResponse = 14;          // SSH_AGENT_SIGN_RESPONSE
    public const byte ExtensionFailure = 28;      // SSH_AGENT_EXTENSION_FAILURE
    public const byte ComAgent2Failure = 102;     // SSH_COM_AGENT2_FAILURE, treated as failure by OpenSSH

    public const uint FlagRsaSha2_256 = 2;        // SSH_AGENT_RSA_SHA2_256
    public const uint FlagRsaSha2_512 = 4;        // SSH_AGENT_RSA_SHA2_512

    /// <summary>OpenSSH's MAX_AGENT_REPLY_LEN: replies above this are refused, so a hostile agent cannot make
    /// us allocate without bound.</summary>
    public const int MaxReplyLength = 256 * 1024;
    /// <summary>OpenSSH's MAX_AGENT_IDENTITIES.</summary>
    public const uint MaxIdentities = 2048;

    public static bool IsFailure(byte type) => type is Failure or ExtensionFailure or ComAgent2Failure;

    /// <summary>Sign-request flags for a signature algorithm, as OpenSSH's agent_encode_alg(): only the RSA SHA-2
    /// algorithms (plain or certificate) need a flag; everything else signs with its one algorithm.</summary>
    public static uint SignFlagsFor(string algorithm) => algorithm switch
    {
        "rsa-sha2-256" or "rsa-sha2-256-cert-v01@openssh.com" => FlagRsaSha2_256,
        "rsa-sha2-512" or "rsa-sha2-512-cert-v01@openssh.com" => FlagRsaSha2_512,
        _ => 0,
    };
}
