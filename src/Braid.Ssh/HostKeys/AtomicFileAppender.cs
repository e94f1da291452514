namespace Braid.Ssh.HostKeys;

/// <summary>Appends lines to (or rewrites) a file by writing the new content to a temporary file in the same
/// directory, fsyncing it and renaming it over the original. Readers (other ssh processes) never see a
/// half-written line, and a failure (disk full, read-only directory, name too long) leaves the original
/// untouched. OpenSSH itself uses fopen("a"); this is stricter on purpose.</summary>
public sealed class AtomicFileAppender
{
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // 0600
    private const UnixFileMode SshDirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute; // 0700

    private readonly string? _userSshDirectory;
    private readonly Action<string>? _beforeRename;

    /// <param name="userSshDirectory">~/.ssh. Like hostfile_create_user_ssh_dir, this one directory (and no
    /// other) is created, mode 0700, when a file inside it is written. Null: derived from $HOME.</param>
    public AtomicFileAppender(string? userSshDirectory = null) : this(userSshDirectory, null) { }

    /// <param name="beforeRename">Test seam: runs with the temp path after it was written and synced.</param>
    internal AtomicFileAppender(string? userSshDirectory, Action<string>? beforeRename)
    {
        _userSshDirectory = userSshDirectory ?? DefaultUserSshDirectory();
        _beforeRename = beforeRename;
    }

    private static string? DefaultUserSshDirectory()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".ssh");
    }

    /// <summary>Appends each line followed by '\n'. Throws <see cref="KnownHostsWriteException"/> on failure.</summary>
    public void Append(string path, IReadOnlyList<string> lines) => Rewrite(path, old => WithLines(old, lines), backupPath: null);

    /// <summary>Replaces the file's content by what <paramref name="transform"/> makes of the current content
    /// (null: leave the file alone), by the same copy + fsync + rename. With <paramref name="backupPath"/>, the
    /// content replaced is kept there first, as ssh keeps "known_hosts.old" when UpdateHostKeys edits the file.
    /// Throws <see cref="KnownHostsWriteException"/> on failure.</summary>
    public void Rewrite(string path, Func<byte[], byte[]?> transform, string? backupPath)
    {
        try
        {
            // Write through symlinks (a dotfiles-managed known_hosts): replace the target, keep the link.
            var target = ResolveFinalTarget(Path.GetFullPath(path));
            CreateUserSshDirectoryIfNeeded(Path.GetDirectoryName(target) ?? ".");
            // Optimistic concurrency: if another ssh appended while we were writing, start over from its
            // content instead of renaming over its line. What remains is the microseconds between the
            // last check and rename(2); O_APPEND (what OpenSSH uses) has no such gap, a lock would close it.
            for (int attempt = 1; !TryReplace(target, transform, backupPath, force: attempt == MaxAttempts); attempt++) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new KnownHostsWriteException(path, e);
        }
    }

    private static byte[] WithLines(byte[] old, IReadOnlyList<string> lines)
    {
        using var ms = new MemoryStream();
        ms.Write(old);
        // A last line without '\n' would otherwise be glued to the new entry, corrupting both.
        if (old.Length > 0 && old[^1] != (byte)'\n') ms.WriteByte((byte)'\n');
        foreach (var line in lines)
        {
            ms.Write(System.Text.Encoding.UTF8.GetBytes(line));
            ms.WriteByte((byte)'\n');
        }
        return ms.ToArray();
    }

    private const int MaxAttempts = 5;

    /// <summary>One read-copy-rename round. False when the file changed underneath (nothing was replaced),
    /// unless <paramref name="force"/>: after several lost races, writing beats not recording the key.</summary>
    private bool TryReplace(string target, Func<byte[], byte[]?> transform, string? backupPath, bool force)
    {
        byte[] old = File.Exists(target) ? File.ReadAllBytes(target) : [];
        if (transform(old) is not { } content) return true;
        // Braid is Unix-only; the guards just tell the platform analyzer so.
        bool unix = !OperatingSystem.IsWindows();
        UnixFileMode mode = unix && File.Exists(target) ? File.GetUnixFileMode(target) : NewFileMode;

        string? temp = target + "." + Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew, // never follow or clobber something already at the temp name
                Access = FileAccess.Write,
            };
            if (unix) options.UnixCreateMode = NewFileMode;
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            if (unix && mode != NewFileMode) File.SetUnixFileMode(temp, mode);
            _beforeRename?.Invoke(temp);

            byte[] now = File.Exists(target) ? File.ReadAllBytes(target) : [];
            if (!force && !now.AsSpan().SequenceEqual(old)) return false;
            // File.Copy keeps the original's mode; ssh hard-links it instead.
            if (backupPath is not null && File.Exists(target)) File.Copy(target, backupPath, overwrite: true);

            File.Move(temp, target, overwrite: true); // rename(2): atomic within one directory
            temp = null;
            return true;
        }
        finally
        {
            if (temp is not null) TryDelete(temp);
        }
    }

    private void CreateUserSshDirectoryIfNeeded(string directory)
    {
        if (_userSshDirectory is null) return;
        if (!string.Equals(Path.TrimEndingDirectorySeparator(directory),
                Path.TrimEndingDirectorySeparator(_userSshDirectory), StringComparison.Ordinal)) return;
        if (Directory.Exists(directory)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, SshDirMode);
    }

    private static string ResolveFinalTarget(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null) return path;
        var final = info.ResolveLinkTarget(returnFinalTarget: true);
        return final?.FullName ?? path;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
