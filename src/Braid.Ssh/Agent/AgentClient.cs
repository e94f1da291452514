using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Agent;

/// <summary>A client for ssh-agent over its Unix socket (draft-miller-ssh-agent). One connection, used for the
/// whole session like ssh does; requests are serialised because the protocol has no request ids.</summary>
public sealed class AgentClient : IAsyncDisposable, IDisposable
{
    public const string AuthSockEnvironmentVariable = "SSH_AUTH_SOCK";

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _lock = new(1, 1);
    // Set when a request was interrupted (I/O error, cancellation, bad frame): replies could be out of step
    // with requests from then on, so the connection must not be reused.
    private bool _broken;

    private AgentClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>The socket ssh would use: IdentityAgent if given (already ~-expanded; "SSH_AUTH_SOCK" means the
    /// variable, "none" disables), else $SSH_AUTH_SOCK. Null when there is none.</summary>
    public static string? ResolveSocketPath(string? identityAgent = null)
    {
        if (identityAgent is not null)
        {
            if (identityAgent == "none") return null;
            if (identityAgent != AuthSockEnvironmentVariable) return identityAgent;
        }
        var env = Environment.GetEnvironmentVariable(AuthSockEnvironmentVariable);
        return string.IsNullOrEmpty(env) ? null : env;
    }

    /// <summary>Connects to the agent at <paramref name="socketPath"/> (or $SSH_AUTH_SOCK when null).</summary>
    public static async Task<AgentClient> ConnectAsync(string? socketPath = null, CancellationToken cancellationToken = default)
    {
        socketPath ??= ResolveSocketPath();
        if (socketPath is null) throw new AgentException("agent not present: SSH_AUTH_SOCK is not set");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return new AgentClient(socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new AgentException($"Could not open a connection to the authentication agent at \"{socketPath}\": {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>SSH_AGENTC_REQUEST_IDENTITIES: the keys the agent offers, in its order.</summary>
    public async Task<IReadOnlyList<AgentIdentity>> RequestIdentitiesAsync(CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync([AgentProtocol.RequestIdentities], cancellationToken).ConfigureAwait(false);
        try { return ParseIdentities(reply); }
        catch (SshProtocolException e) { throw Malformed(e); }
    }

    private static List<AgentIdentity> ParseIdentities(byte[] reply)
    {
        var r = new SshReader(reply);
        byte type = r.ReadByte();
        if (AgentProtocol.IsFailure(type)) throw new AgentRefusedException();
        if (type != AgentProtocol.IdentitiesAnswer) throw new AgentException($"agent: unexpected reply type {type} to identities request");
        uint n = r.ReadUInt32();
        if (n > AgentProtocol.MaxIdentities) throw new AgentException($"agent: too many identities ({n})");
        var list = new List<AgentIdentity>((int)n);
        for (uint i = 0; i < n; i++)
        {
            var blob = r.ReadString().ToArray();
            // Comments are free text; OpenSSH does not insist on UTF-8, so don't fail on it.
            var comment = Encoding.UTF8.GetString(r.ReadString());
            PublicKeyParser.TryParse(blob, out var key);
            list.Add(new AgentIdentity(blob, key, comment));
        }
        return list;
    }

    /// <summary>SSH_AGENTC_SIGN_REQUEST for the key with this blob. Flags follow the algorithm
    /// (SSH_AGENT_RSA_SHA2_256/512 for RSA). Returns the signature blob (string alg, string sig) after checking
    /// that the agent used the requested algorithm (OpenSSH's sshkey_check_sigtype).
    /// A refusal (missing key, confirmation declined) throws <see cref="AgentRefusedException"/>.</summary>
    public async Task<byte[]> SignAsync(ReadOnlyMemory<byte> keyBlob, ReadOnlyMemory<byte> data, string algorithm, CancellationToken cancellationToken = default)
    {
        uint flags = AgentProtocol.SignFlagsFor(algorithm);
        var sig = await SignAsync(keyBlob, data, flags, cancellationToken).ConfigureAwait(false);
        string? got = PublicKeyParser.PeekKeyType(sig);
        // A certificate signs as its plain key: rsa-sha2-512-cert-v01@openssh.com gives an rsa-sha2-512 signature.
        if (got != (CertificateKeyTypes.PlainSignatureAlgorithm(algorithm) ?? algorithm))
            throw new AgentException($"agent returned a {got} signature where {algorithm} was requested");
        return sig;
    }

    /// <summary>SSH_AGENTC_SIGN_REQUEST with explicit flags; returns the signature blob unchecked.</summary>
    public async Task<byte[]> SignAsync(ReadOnlyMemory<byte> keyBlob, ReadOnlyMemory<byte> data, uint flags, CancellationToken cancellationToken = default)
    {
        byte[] request;
        using (var w = new SshWriter(keyBlob.Length + data.Length + 16))
        {
            w.WriteByte(AgentProtocol.SignRequest).WriteString(keyBlob.Span).WriteString(data.Span).WriteUInt32(flags);
            request = w.ToArray();
        }
        var reply = await RequestAsync(request, cancellationToken).ConfigureAwait(false);
        try { return ParseSignResponse(reply); }
        catch (SshProtocolException e) { throw Malformed(e); }
    }

    private static AgentException Malformed(SshProtocolException e) => new("agent: malformed reply: " + e.Message, e);

    private static byte[] ParseSignResponse(byte[] reply)
    {
        var r = new SshReader(reply);
        byte type = r.ReadByte();
        if (AgentProtocol.IsFailure(type)) throw new AgentRefusedException();
        if (type != AgentProtocol.SignResponse) throw new AgentException($"agent: unexpected reply type {type} to sign request");
        var sig = r.ReadString().ToArray();
        r.EnsureEnd("agent sign response");
        return sig;
    }

    /// <summary>Sends one framed message (uint32 length || payload) and reads one framed reply.</summary>
    private async Task<byte[]> RequestAsync(byte[] payload, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_broken) throw new AgentException("agent connection is unusable after an earlier failure");
            _broken = true;
            var header = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(header, (uint)payload.Length);
            try
            {
                await _stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await _stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
                await _stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
                uint len = BinaryPrimitives.ReadUInt32BigEndian(header);
                if (len == 0 || len > AgentProtocol.MaxReplyLength)
                    throw new AgentException($"agent reply has invalid length {len}");
                var reply = new byte[len];
                await _stream.ReadExactlyAsync(reply, cancellationToken).ConfigureAwait(false);
                _broken = false;
                return reply;
            }
            catch (Exception e) when (e is IOException or SocketException or EndOfStreamException)
            {
                throw new AgentException("communication with agent failed: " + e.Message, e);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _lock.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
