using System.Text;
using Braid.Ssh.Keys;

namespace Braid.Ssh.Tests.Keys;

/// <summary>OpenBSD's bcrypt_pbkdf regression vectors (as republished by RustCrypto's bcrypt-pbkdf crate).
/// Our implementation is also exercised end-to-end by every encrypted openssh-key-v1 file in
/// <see cref="PrivateKeyFileTests"/>.</summary>
public class BcryptPbkdfTests
{
    [Theory]
    [InlineData("password", "salt", 4, "5bbf0cc293587f1c3635555c27796598d47e579071bf427e9d8fbe842aba34d9")]
    [InlineData("password", "\0", 4, "c12b566235eee04c212598970a579a67")]
    [InlineData("\0", "salt", 4, "6051be18c2f4f82cbf0efee5471b4bb9")]
    [InlineData("password\0", "salt\0", 4, "7410e44cf4fa07bfaac8a928b1727fac001375e7bf7384370f48efd121743050")]
    public void MatchesPublishedVectors(string password, string salt, int rounds, string expectedHex)
    {
        var expected = Convert.FromHexString(expectedHex);
        var key = new byte[expected.Length];
        BcryptPbkdf.Derive(Encoding.ASCII.GetBytes(password), Encoding.ASCII.GetBytes(salt), rounds, key);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(key));
    }

    [Fact]
    public void RejectsEmptyInputs()
    {
        Assert.Throws<ArgumentException>(() => BcryptPbkdf.Derive([], "salt"u8, 4, new byte[16]));
        Assert.Throws<ArgumentException>(() => BcryptPbkdf.Derive("pw"u8, "salt"u8, 0, new byte[16]));
    }
}
