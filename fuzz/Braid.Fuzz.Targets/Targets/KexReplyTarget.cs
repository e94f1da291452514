using System.Text;
using Braid.Ssh;
using Braid.Ssh.KeyExchange;
using Braid.Ssh.Keys;
using Braid.Ssh.Transport;

namespace Braid.Fuzz.Targets;

/// <summary>The server's key exchange replies for every method (KEXDH_REPLY, KEX_ECDH_REPLY with curve25519,
/// NIST and hybrid post-quantum shares, KEX_DH_GEX_GROUP + REPLY), then the host key blob and signature they
/// carry, as the transport checks them. Input: a method byte (index into KeyExchangeRegistry.Supported), then
/// the server's messages (InputParts). Documented errors: SshProtocolException, SshException (e.g. an
/// unsupported key type, a group out of range), ConnectionClosedException (the server sent too few messages).</summary>
public static class KexReplyTarget
{
    private static readonly KexInputs Inputs = new(
        Encoding.ASCII.GetBytes("SSH-2.0-Braid_0.1"), Encoding.ASCII.GetBytes("SSH-2.0-Fuzz"), [20, 1], [20, 2]);

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0) return;
        string name = KeyExchangeRegistry.Supported[input[0] % KeyExchangeRegistry.Supported.Count];
        var conversation = new ScriptedConversation(InputParts.Split(input[1..], 4));
        try
        {
            var result = Await.Result(ct => KeyExchangeRegistry.Create(name).ExchangeAsync(conversation, Inputs, ct));
            var hostKey = PublicKeyParser.Parse(result.HostKeyBlob);
            foreach (var alg in hostKey.SignatureAlgorithms)
                hostKey.Verify(alg, result.ExchangeHash, result.Signature);
        }
        catch (SshException) { }
        catch (SshProtocolException) { }
        catch (ConnectionClosedException) { }
    }

    /// <summary>Answers each receive with the next scripted server message.</summary>
    private sealed class ScriptedConversation(List<byte[]> messages) : IKexConversation
    {
        private int _next;
        public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public ValueTask<byte[]> ReceiveAsync(CancellationToken cancellationToken) => _next < messages.Count
            ? ValueTask.FromResult(messages[_next++])
            : ValueTask.FromException<byte[]>(new ConnectionClosedException("Connection closed by remote host"));
    }
}
