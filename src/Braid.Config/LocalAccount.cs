namespace Braid.Config;

/// <summary>
/// The local account facts a <see cref="ConfigRequest"/> needs, the way ssh gets them: the login
/// name and home directory from the password database (not $HOME), and the uid.
/// </summary>
public sealed record LocalAccount(string UserName, string HomeDirectory, long UserId)
{
    /// <summary>
    /// The current user: name from the runtime (getpwuid of the effective uid), home and uid from
    /// /etc/passwd. Accounts only known to NSS modules (LDAP…) fall back to $HOME and uid -1.
    /// </summary>
    public static LocalAccount Current()
    {
        var name = Environment.UserName;
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var f = line.Split(':');
                if (f.Length >= 6 && f[0] == name && long.TryParse(f[2], System.Globalization.CultureInfo.InvariantCulture, out var uid))
                    return new LocalAccount(name, f[5], uid);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new LocalAccount(name, home, -1);
    }
}
