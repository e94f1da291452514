using System.Runtime.InteropServices;

namespace Braid.Ssh.Transport.Ciphers;

/// <summary>
/// The few OpenSSL 3 calls chacha20-poly1305@openssh.com needs. .NET already loads this library for its
/// own cryptography; its ChaCha20 runs at several GB/s where BouncyCastle's managed one manages ~240 MB/s.
/// </summary>
internal static partial class LibCrypto
{
    private const string Lib = "libcrypto.so.3";

    [LibraryImport(Lib)] internal static partial IntPtr EVP_CIPHER_CTX_new();
    [LibraryImport(Lib)] internal static partial void EVP_CIPHER_CTX_free(IntPtr ctx);
    [LibraryImport(Lib)] internal static partial IntPtr EVP_chacha20();
    [LibraryImport(Lib)] internal static unsafe partial int EVP_CipherInit_ex(IntPtr ctx, IntPtr cipher, IntPtr engine, byte* key, byte* iv, int enc);
    [LibraryImport(Lib)] internal static unsafe partial int EVP_CipherUpdate(IntPtr ctx, byte* output, int* outLen, byte* input, int inLen);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr EVP_MAC_fetch(IntPtr libctx, string algorithm, IntPtr properties);
    [LibraryImport(Lib)] internal static partial void EVP_MAC_free(IntPtr mac);
    [LibraryImport(Lib)] internal static partial IntPtr EVP_MAC_CTX_new(IntPtr mac);
    [LibraryImport(Lib)] internal static partial void EVP_MAC_CTX_free(IntPtr ctx);
    [LibraryImport(Lib)] internal static unsafe partial int EVP_MAC_init(IntPtr ctx, byte* key, nuint keyLen, IntPtr parameters);
    [LibraryImport(Lib)] internal static unsafe partial int EVP_MAC_update(IntPtr ctx, byte* data, nuint len);
    [LibraryImport(Lib)] internal static unsafe partial int EVP_MAC_final(IntPtr ctx, byte* output, nuint* outLen, nuint outSize);

    internal static void Check(int ok, string what)
    {
        if (ok != 1) throw new System.Security.Cryptography.CryptographicException($"OpenSSL {what} failed");
    }
}
