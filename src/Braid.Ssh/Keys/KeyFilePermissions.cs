using System.Runtime.InteropServices;

namespace Braid.Ssh.Keys;

/// <summary>OpenSSH's sshkey_perm_ok: a key file owned by the (real) user must not be accessible to group or
/// others (mode &amp; 077); files owned by someone else are not checked. Checks the open descriptor (fstat
/// in OpenSSH), so the file checked is the file read.</summary>
internal static partial class KeyFilePermissions
{
    public static void EnsurePrivate(FileStream fs, string path)
    {
        if (OperatingSystem.IsWindows()) return;
        int mode;
        uint owner;
        if (!TryStat(fs, out mode, out owner))
        {
            // Without the owner (non-Linux), behave as if the user owns the file: stricter, never looser.
            mode = (int)File.GetUnixFileMode(fs.SafeFileHandle);
            owner = GetUid();
        }
        if (owner == GetUid() && (mode & 0x3f) != 0)
            throw new UnprotectedPrivateKeyFileException(path, mode & 0x1ff);
    }

    // statx(2) has one layout on every Linux architecture, unlike struct stat, so no per-arch offsets are needed:
    // u32 stx_mask @0, u32 stx_blksize @4, u64 stx_attributes @8, u32 stx_nlink @16, u32 stx_uid @20,
    // u32 stx_gid @24, u16 stx_mode @28; the struct is 256 bytes.
    private const int AtEmptyPath = 0x1000;
    private const uint StatxMode = 0x2, StatxUid = 0x8;

    private static unsafe bool TryStat(FileStream fs, out int mode, out uint owner)
    {
        mode = 0; owner = 0;
        if (!OperatingSystem.IsLinux()) return false;
        byte* buf = stackalloc byte[256];
        int fd = (int)fs.SafeFileHandle.DangerousGetHandle();
        try
        {
            if (statx(fd, "", AtEmptyPath, StatxMode | StatxUid, buf) != 0) return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        var s = new ReadOnlySpan<byte>(buf, 256);
        // The kernel fills the struct in native byte order.
        owner = MemoryMarshal.Read<uint>(s[20..]);
        mode = MemoryMarshal.Read<ushort>(s[28..]);
        return true;
    }

    private static uint GetUid() => getuid();

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int statx(int dirfd, string pathname, int flags, uint mask, byte* statxbuf);

    [LibraryImport("libc")]
    private static partial uint getuid();
}
