using System.Security.Cryptography;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Transport;

/// <summary>SSH_MSG_KEXINIT (RFC 4253 §7.1).</summary>
internal sealed class KexInitMessage
{
    public string[] KexAlgorithms = [];
    public string[] HostKeyAlgorithms = [];
    public string[] CiphersClientToServer = [];
    public string[] CiphersServerToClient = [];
    public string[] MacsClientToServer = [];
    public string[] MacsServerToClient = [];
    public string[] CompressionClientToServer = [];
    public string[] CompressionServerToClient = [];
    public bool FirstKexPacketFollows;

    public byte[] Encode()
    {
        using var w = new SshWriter(1024);
        w.WriteByte(MessageNumbers.KexInit);
        RandomNumberGenerator.Fill(w.GetSpan(16));
        w.WriteNameList(KexAlgorithms).WriteNameList(HostKeyAlgorithms)
         .WriteNameList(CiphersClientToServer).WriteNameList(CiphersServerToClient)
         .WriteNameList(MacsClientToServer).WriteNameList(MacsServerToClient)
         .WriteNameList(CompressionClientToServer).WriteNameList(CompressionServerToClient)
         .WriteNameList([]).WriteNameList([])
         .WriteBoolean(FirstKexPacketFollows).WriteUInt32(0);
        return w.ToArray();
    }

    public static KexInitMessage Parse(ReadOnlySpan<byte> payload)
    {
        var r = new SshReader(payload);
        if (r.ReadByte() != MessageNumbers.KexInit) throw new SshProtocolException("expected KEXINIT");
        r.ReadBytes(16);
        var m = new KexInitMessage
        {
            KexAlgorithms = r.ReadNameList(),
            HostKeyAlgorithms = r.ReadNameList(),
            CiphersClientToServer = r.ReadNameList(),
            CiphersServerToClient = r.ReadNameList(),
            MacsClientToServer = r.ReadNameList(),
            MacsServerToClient = r.ReadNameList(),
            CompressionClientToServer = r.ReadNameList(),
            CompressionServerToClient = r.ReadNameList(),
        };
        r.ReadNameList(); r.ReadNameList();
        m.FirstKexPacketFollows = r.ReadBoolean();
        r.ReadUInt32();
        return m;
    }
}

/// <summary>The algorithms both sides agreed on for one key exchange.</summary>
internal sealed record NegotiatedAlgorithms(
    string Kex, string HostKey,
    string CipherClientToServer, string CipherServerToClient,
    string? MacClientToServer, string? MacServerToClient,
    string CompressionClientToServer, string CompressionServerToClient,
    bool StrictKex, bool ServerSendsExtInfo);

internal static class AlgorithmNegotiation
{
    public const string StrictKexClient = "kex-strict-c-v00@openssh.com";
    public const string StrictKexServer = "kex-strict-s-v00@openssh.com";
    public const string ExtInfoClient = "ext-info-c";
    public const string ExtInfoServer = "ext-info-s";

    /// <summary>The first client algorithm the server also lists (RFC 4253 §7.1).</summary>
    public static string Choose(string what, string[] client, string[] server)
    {
        foreach (var c in client)
            if (Array.IndexOf(server, c) >= 0) return c;
        throw new SshException($"Unable to negotiate with the server: no matching {what} found. Their offer: {string.Join(",", server)}");
    }

    public static NegotiatedAlgorithms Negotiate(KexInitMessage client, KexInitMessage server, Func<string, bool> isAead)
    {
        var realClientKex = client.KexAlgorithms.Where(k => k != ExtInfoClient && k != StrictKexClient && !k.StartsWith("ext-info-in-auth", StringComparison.Ordinal)).ToArray();
        string kex = Choose("key exchange method", realClientKex, server.KexAlgorithms);
        string hk = Choose("host key type", client.HostKeyAlgorithms, server.HostKeyAlgorithms);
        string cs = Choose("cipher", client.CiphersClientToServer, server.CiphersClientToServer);
        string sc = Choose("cipher", client.CiphersServerToClient, server.CiphersServerToClient);
        string? mcs = isAead(cs) ? null : Choose("MAC", client.MacsClientToServer, server.MacsClientToServer);
        string? msc = isAead(sc) ? null : Choose("MAC", client.MacsServerToClient, server.MacsServerToClient);
        string ccs = Choose("compression method", client.CompressionClientToServer, server.CompressionClientToServer);
        string csc = Choose("compression method", client.CompressionServerToClient, server.CompressionServerToClient);
        bool strict = Array.IndexOf(client.KexAlgorithms, StrictKexClient) >= 0 && Array.IndexOf(server.KexAlgorithms, StrictKexServer) >= 0;
        bool extInfo = Array.IndexOf(server.KexAlgorithms, ExtInfoServer) >= 0;
        return new NegotiatedAlgorithms(kex, hk, cs, sc, mcs, msc, ccs, csc, strict, extInfo);
    }
}
