namespace Braid.Unix;

/// <summary>
/// A failed libc call. <see cref="Errno"/> is the errno value, <see cref="ErrorText"/> is strerror(errno)
/// (e.g. "No such file or directory") for messages that quote it the way OpenSSH does.
/// Message is "operation: strerror".
/// </summary>
public sealed class UnixException : IOException
{
    public UnixException(int errno, string operation)
        : base(operation + ": " + Libc.StrError(errno))
    {
        Errno = errno;
        Operation = operation;
        ErrorText = Libc.StrError(errno);
        HResult = errno;
    }

    /// <summary>The errno value (see <see cref="Braid.Unix.Errno"/> for constants).</summary>
    public int Errno { get; }

    /// <summary>The failing call, e.g. "link" or "tcsetattr".</summary>
    public string Operation { get; }

    /// <summary>strerror(errno), e.g. "Connection refused".</summary>
    public string ErrorText { get; }
}
