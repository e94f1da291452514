using System.Buffers.Binary;
using Braid.Fuzz.Targets;
using Braid.Mux.Protocol;

namespace Braid.Fuzz.Tests;

/// <summary>The targets reach the code they claim to: a target that fails early on every input would
/// fuzz nothing while every run reports "ok".</summary>
public class TargetReachTests
{
    [Fact]
    public void MasterAnswersRequestsOnItsControlConnection()
    {
        byte[] input = File.ReadAllBytes(Path.Combine(FuzzInputs.RepoRoot, "fuzz/corpus/mux-master/hello-many"));
        var types = ReplyTypes(MuxMasterTarget.Serve(input));
        Assert.Equal(MuxMessageType.Hello, types[0]);
        Assert.Contains(MuxMessageType.Alive, types);            // ALIVE_CHECK answered
        Assert.Contains(MuxMessageType.PermissionDenied, types); // the always-no confirmation
        Assert.Contains(MuxMessageType.ExtInfoReply, types);     // -O channels
    }

    [Fact]
    public void KeyedSeedsDecryptEveryPacket()
    {
        var seeds = FuzzInputs.Files("corpus", "packet-keyed").ToList();
        Assert.Equal(PacketTargets.Suites.Length * 2, seeds.Count);
        foreach (var seed in seeds)
            Assert.True(PacketTargets.ReadKeyed(File.ReadAllBytes(seed)) == 3, Path.GetFileName(seed));
    }

    [Fact]
    public void PrivateKeySeedsLoadAndSign()
    {
        foreach (var seed in FuzzInputs.Files("corpus", "private-key"))
        {
            using var key = Braid.Ssh.Keys.PrivateKeyFile.Parse(File.ReadAllBytes(seed), KeyFileTargets.Passphrase);
            Assert.NotEmpty(key.Sign(key.PublicKey.SignatureAlgorithms[0], "data"u8));
        }
    }

    private static List<uint> ReplyTypes(byte[] stream)
    {
        var types = new List<uint>();
        for (int i = 0; i + 8 <= stream.Length;)
        {
            int len = (int)BinaryPrimitives.ReadUInt32BigEndian(stream.AsSpan(i));
            types.Add(BinaryPrimitives.ReadUInt32BigEndian(stream.AsSpan(i + 4)));
            i += 4 + len;
        }
        return types;
    }

    [Fact]
    public void HostKeysSeedAnnouncesThreeKeysOfWhichTwoAreNew()
    {
        var parts = InputParts.Split(File.ReadAllBytes(Path.Combine(FuzzInputs.RepoRoot, "fuzz/corpus/hostkeys/three-keys-one-known")), 3);
        var keys = Braid.Ssh.HostKeys.HostKeysAnnouncement.Parse(parts[0], ["ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512"],
            System.Security.Cryptography.HashAlgorithmName.SHA256, Braid.Ssh.Logging.SshLog.Silent);
        Assert.Equal(3, keys!.Count);
        var known = Braid.Ssh.HostKeys.KnownHostsFile.Parse("kh", System.Text.Encoding.UTF8.GetString(parts[1]));
        Assert.Equal(2, Braid.Ssh.HostKeys.KnownHostsUpdatePlan.Make(keys, "[fuzz.example]:2222", null, [known]).NewCount);
        HostKeysTarget.Run(File.ReadAllBytes(Path.Combine(FuzzInputs.RepoRoot, "fuzz/corpus/hostkeys/three-keys-one-known")));
    }
}
