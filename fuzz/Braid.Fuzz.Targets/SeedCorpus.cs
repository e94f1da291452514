using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Braid.Fuzz.Targets;
using Braid.Mux.Protocol;
using Braid.Ssh.KeyExchange;
using Braid.Ssh.Transport;
using Braid.Ssh.Transport.Ciphers;
using Braid.Ssh.Wire;

namespace Braid.Fuzz;

/// <summary>Writes the generated seeds (well-formed messages of each protocol) into DIR/TARGET/. The seeds
/// made from files (keys, known_hosts, configs) are committed as they are; these are regenerated with
/// `dotnet Braid.Fuzz.dll seeds fuzz/corpus`.</summary>
public static class SeedCorpus
{
    /// <summary>OpenSSH 9.2's server defaults (sshd -T) with the strict-kex and ext-info markers it adds.</summary>
    private static readonly KexInitMessage OpenSsh92Server = new()
    {
        KexAlgorithms = ["sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "curve25519-sha256@libssh.org",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256",
            "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256", "ext-info-s", "kex-strict-s-v00@openssh.com"],
        HostKeyAlgorithms = ["rsa-sha2-512", "rsa-sha2-256", "ecdsa-sha2-nistp256", "ssh-ed25519"],
        CiphersClientToServer = [.. CipherRegistry.DefaultCiphers],
        CiphersServerToClient = [.. CipherRegistry.DefaultCiphers],
        MacsClientToServer = ["umac-64-etm@openssh.com", "umac-128-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha1-etm@openssh.com", "hmac-sha2-256"],
        MacsServerToClient = ["umac-64-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512", "hmac-sha1"],
        CompressionClientToServer = ["none", "zlib@openssh.com"],
        CompressionServerToClient = ["none", "zlib@openssh.com"],
    };

    public static int Write(string dir)
    {
        void Put(string target, string name, byte[] data)
        {
            Directory.CreateDirectory(Path.Combine(dir, target));
            File.WriteAllBytes(Path.Combine(dir, target, name), data);
        }

        foreach (var (name, body) in MuxRequests()) Put("mux-request", name, body);
        Put("mux-master", "hello-only", Frames(Hello()));
        foreach (var (name, body) in MuxRequests()) Put("mux-master", "hello-" + name, Frames(Hello(), body));
        // NEW_SESSION and NEW_STDIO_FWD wait for descriptors and close the connection without them: last.
        Put("mux-master", "hello-many", Frames([Hello(), .. MuxRequests().OrderBy(r => r.Name.StartsWith("new-") || r.Name.StartsWith("stdio-")).Select(r => r.Body)]));

        var kexInit = OpenSsh92Server.Encode();
        Put("kexinit", "openssh92", kexInit);
        Put("kexinit", "minimal", new KexInitMessage
        {
            KexAlgorithms = ["curve25519-sha256"], HostKeyAlgorithms = ["ssh-ed25519"],
            CiphersClientToServer = ["aes128-ctr"], CiphersServerToClient = ["aes128-ctr"],
            MacsClientToServer = ["hmac-sha1"], MacsServerToClient = ["hmac-sha1"],
            CompressionClientToServer = ["zlib"], CompressionServerToClient = ["zlib"],
        }.Encode());
        var guess = (byte[])kexInit.Clone();
        guess[^5] = 1; // first_kex_packet_follows
        Put("kexinit", "first-kex-follows", guess);

        Put("packet-none", "kexinit", TransportTargets.ClearPacket(kexInit));
        Put("packet-none", "ignore-debug-kexinit", [.. TransportTargets.ClearPacket([2, 0, 0, 0, 1, 0x41]),
            .. TransportTargets.ClearPacket(Debug("hello")), .. TransportTargets.ClearPacket(kexInit)]);

        for (int suite = 0; suite < PacketTargets.Suites.Length; suite++)
        {
            Put("packet-keyed", $"suite{suite}", Keyed(suite, compressed: false));
            Put("packet-keyed", $"suite{suite}-zlib", Keyed(suite, compressed: true));
        }

        for (int m = 0; m < KeyExchangeRegistry.Supported.Count; m++)
            Put("kex-reply", KeyExchangeRegistry.Supported[m].Replace('@', '_'), [(byte)m, .. InputParts.Join(KexReplies(KeyExchangeRegistry.Supported[m]))]);

        byte[] banner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"u8.ToArray();
        byte[] reply = KexReplies("curve25519-sha256")[0];
        Put("handshake", "curve25519", [.. banner, .. TransportTargets.ClearPacket(kexInit), .. TransportTargets.ClearPacket(reply), .. TransportTargets.ClearPacket([21])]);
        Put("handshake", "preamble-extinfo-debug", [.. "a line before the banner\r\n"u8, .. banner,
            .. TransportTargets.ClearPacket([7, .. ExtInfo()]), .. TransportTargets.ClearPacket(Debug("hi")),
            .. TransportTargets.ClearPacket(new KexInitMessage
            {
                KexAlgorithms = ["ecdh-sha2-nistp256"], HostKeyAlgorithms = ["ecdsa-sha2-nistp256"],
                CiphersClientToServer = ["aes256-gcm@openssh.com"], CiphersServerToClient = ["aes256-gcm@openssh.com"],
                MacsClientToServer = ["hmac-sha2-256"], MacsServerToClient = ["hmac-sha2-256"],
                CompressionClientToServer = ["none"], CompressionServerToClient = ["zlib"],
            }.Encode()),
            .. TransportTargets.ClearPacket(KexReplies("ecdh-sha2-nistp256")[0])]);
        Put("handshake", "disconnect", [.. banner, .. TransportTargets.ClearPacket(Disconnect())]);

        Put("ext-info", "openssh", ExtInfo());
        Put("hostkeys", "three-keys-one-known", HostKeysSeed());

        Put("agent-reply", "identities-and-signature", InputParts.Join(AgentFrame(Identities()), AgentFrame(SignResponse())));
        Put("agent-reply", "failures", InputParts.Join(AgentFrame([5]), AgentFrame([30])));

        Put("socks", "socks4-connect", [4, 1, 0, 80, 10, 1, 2, 3, .. "user"u8, 0]);
        Put("socks", "socks4a-connect", [4, 1, 0, 80, 0, 0, 0, 1, 0, .. "fuzz.example"u8, 0]);
        Put("socks", "socks5-domain", [5, 1, 0, 5, 1, 0, 3, 12, .. "fuzz.example"u8, 1, 187]);
        Put("socks", "socks5-ipv4", [5, 2, 0, 2, 5, 1, 0, 1, 127, 0, 0, 1, 0, 22]);
        Put("socks", "socks5-ipv6", [5, 1, 0, 5, 1, 0, 4, .. new byte[15], 1, 0, 22]);
        Put("socks", "socks5-bind", [5, 1, 0, 5, 2, 0, 1, 127, 0, 0, 1, 0, 22]);
        return 0;
    }

    private static IEnumerable<(string Name, byte[] Body)> MuxRequests()
    {
        yield return ("new-session", new NewSessionRequest(1, true, false, true, false, 0x7e, "xterm-256color", "uptime", ["LANG=C.UTF-8", "LC_ALL=C", "FOO=bar"]).Encode());
        yield return ("new-session-subsystem", new NewSessionRequest(2, false, false, false, true, MuxMessageType.NoEscapeChar, "", "sftp", []).Encode());
        yield return ("stdio-forward", new NewStdioForwardRequest(3, "db.internal", 5432).Encode());
        yield return ("stdio-forward-path", new NewStdioForwardRequest(4, "/run/app.sock", MuxMessageType.PortStreamLocal).Encode());
        yield return ("open-local", new ForwardRequest(MuxMessageType.OpenForward, 5, MuxMessageType.ForwardLocal, "", 8080, "localhost", 80).Encode());
        yield return ("open-remote", new ForwardRequest(MuxMessageType.OpenForward, 6, MuxMessageType.ForwardRemote, "", 0, "localhost", 22).Encode());
        yield return ("open-dynamic", new ForwardRequest(MuxMessageType.OpenForward, 7, MuxMessageType.ForwardDynamic, "127.0.0.1", 1080, "", 0).Encode());
        yield return ("open-streamlocal", new ForwardRequest(MuxMessageType.OpenForward, 8, MuxMessageType.ForwardLocal, "/tmp/l.sock", MuxMessageType.PortStreamLocal, "/tmp/r.sock", MuxMessageType.PortStreamLocal).Encode());
        yield return ("close-local", new ForwardRequest(MuxMessageType.CloseForward, 9, MuxMessageType.ForwardLocal, "", 8080, "localhost", 80).Encode());
        yield return ("alive-check", new SimpleRequest(MuxMessageType.AliveCheck, 10).Encode());
        yield return ("terminate", new SimpleRequest(MuxMessageType.Terminate, 11).Encode());
        yield return ("stop-listening", new SimpleRequest(MuxMessageType.StopListening, 12).Encode());
        yield return ("proxy", new SimpleRequest(MuxMessageType.Proxy, 13).Encode());
        yield return ("ext-info-channels", new ExtInfoRequest(14, "channels").Encode());
        yield return ("unknown", new SimpleRequest(0x10000099, 15).Encode());
    }

    private static byte[] Hello() => new HelloMessage(MuxMessageType.Version, [("info", "0")]).Encode();

    private static byte[] Frames(params byte[][] bodies)
    {
        var ms = new MemoryStream();
        foreach (var b in bodies)
        {
            var len = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(len, (uint)b.Length);
            ms.Write(len);
            ms.Write(b);
        }
        return ms.ToArray();
    }

    private static byte[] Build(Action<SshWriter> write)
    {
        using var w = new SshWriter(256);
        write(w);
        return w.ToArray();
    }

    private static byte[] Debug(string text) => Build(w => w.WriteByte(4).WriteBoolean(false).WriteString(text).WriteString(""));
    private static byte[] Disconnect() => Build(w => w.WriteByte(1).WriteUInt32(11).WriteString("bye").WriteString(""));

    /// <summary>sshd's announcement of three keys, a known_hosts that knows one and an obsolete one, a reply.</summary>
    private static byte[] HostKeysSeed()
    {
        byte[] Strings(params byte[][] items) => Build(w => { foreach (var i in items) w.WriteString(i); });
        var knownHosts = "[fuzz.example]:2222 ssh-ed25519 " + Convert.ToBase64String(SampleKeys.Ed25519) +
                         "\n[fuzz.example]:2222 ecdsa-sha2-nistp256 AAAA\n# comment\n";
        return InputParts.Join(Strings(SampleKeys.Ed25519, SampleKeys.EcdsaP256, SampleKeys.Rsa1024),
            Encoding.UTF8.GetBytes(knownHosts), Strings(Build(w => w.WriteString("ecdsa-sha2-nistp256").WriteString(new byte[64]))));
    }

    private static byte[] ExtInfo() => Build(w => w.WriteUInt32(3)
        .WriteString("server-sig-algs").WriteString("ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256")
        .WriteString("publickey-hostbound@openssh.com").WriteString("0")
        .WriteString("ping@openssh.com").WriteString("0"));

    private static byte[] Signature(string alg, int length) => Build(w => w.WriteString(alg).WriteString(new byte[length]));

    /// <summary>Well-formed server replies for one method (shares of the right size; the signature cannot verify).</summary>
    private static byte[][] KexReplies(string method)
    {
        byte[] sig = Signature("ssh-ed25519", 64);
        byte[] Ephemeral(byte[] q) => Build(w => w.WriteByte(31).WriteString(SampleKeys.Ed25519).WriteString(q).WriteString(sig));
        byte[] Dh(BigInteger f, byte number) => Build(w => w.WriteByte(number).WriteString(SampleKeys.Ed25519).WriteMPInt(f).WriteString(sig));
        if (method.StartsWith("curve25519", StringComparison.Ordinal)) return [Ephemeral(RandomNumberGenerator.GetBytes(32))];
        if (method.StartsWith("ecdh-sha2-", StringComparison.Ordinal))
        {
            var curve = method switch
            {
                "ecdh-sha2-nistp256" => ECCurve.NamedCurves.nistP256,
                "ecdh-sha2-nistp384" => ECCurve.NamedCurves.nistP384,
                _ => ECCurve.NamedCurves.nistP521,
            };
            using var ec = ECDiffieHellman.Create(curve);
            var p = ec.ExportParameters(false).Q;
            return [Ephemeral([4, .. p.X!, .. p.Y!])];
        }
        if (method.StartsWith("mlkem768", StringComparison.Ordinal)) return [Ephemeral(RandomNumberGenerator.GetBytes(MlKem768.CiphertextBytes + 32))];
        if (method.StartsWith("sntrup761", StringComparison.Ordinal)) return [Ephemeral(RandomNumberGenerator.GetBytes(1039 + 32))];
        var group = ModpGroups.Group14;
        var f = BigInteger.ModPow(group.G, 12345, group.P);
        if (method == DiffieHellmanGroupExchange.Sha256Name)
            return [Build(w => w.WriteByte(31).WriteMPInt(group.P).WriteMPInt(group.G)), Dh(f, 33)];
        return [Dh(f, 31)];
    }

    /// <summary>Plaintext packets laid out for the suite's block size, the input format of packet-keyed.</summary>
    private static byte[] Keyed(int suite, bool compressed)
    {
        var (cipher, mac) = PacketTargets.Suites[suite];
        int block = CipherRegistry.BlockSize(cipher);
        bool lengthExcluded = CipherRegistry.IsAead(cipher) || (mac?.Contains("-etm@", StringComparison.Ordinal) ?? false);
        using var compressor = compressed ? new PacketCompressor() : null;
        byte[] Packet(byte[] payload)
        {
            if (compressor != null)
            {
                byte[]? output = null;
                int n = compressor.Compress(payload, ref output);
                payload = output.AsSpan(0, n).ToArray();
            }
            int unpadded = 1 + payload.Length + (lengthExcluded ? 0 : 4);
            int pad = block - unpadded % block;
            if (pad < 4) pad += block;
            return Build(w => w.WriteUInt32((uint)(1 + payload.Length + pad)).WriteByte((byte)pad).WriteRaw(payload).WriteRaw(new byte[pad]));
        }
        byte flags = (byte)(suite | (compressed ? PacketTargets.CompressionFlag : 0));
        return [flags, .. InputParts.Join(Packet([2, 0, 0, 0, 3, 1, 2, 3]), Packet(Debug("keyed")), Packet(OpenSsh92Server.Encode()))];
    }

    private static byte[] AgentFrame(byte[] body) => [.. Build(w => w.WriteUInt32((uint)body.Length)), .. body];

    private static byte[] Identities() => Build(w => w.WriteByte(12).WriteUInt32(3)
        .WriteString(SampleKeys.Ed25519).WriteString("ed25519 key")
        .WriteString(SampleKeys.EcdsaP256).WriteString("ecdsa key")
        .WriteString(SampleKeys.Rsa1024).WriteString("rsa key"));

    private static byte[] SignResponse() => Build(w => w.WriteByte(14).WriteString(Signature("ssh-ed25519", 64)));
}
