namespace Braid.Config;

/// <summary>
/// The local account as ssh sees it: getpwuid(getuid()) gives pw_name (%u, Match localuser, the
/// default User) and pw_dir ("~", %d, ~/.ssh/config). Note ssh does NOT take "~" from $HOME; only
/// glob(3) in Include does. Read from /etc/passwd, like <see cref="TokenExpander.TildeExpand"/>'s
/// "~user" lookup.
/// </summary>
public sealed record LocalAccount(string Name, string HomeDirectory)
{
    /// <summary>The /etc/passwd entry with this uid, or null when there is none (or no readable file).</summary>
    public static LocalAccount? FindByUid(long uid, string passwdFile = "/etc/passwd")
    {
        try
        {
            foreach (var line in File.ReadLines(passwdFile))
            {
                var f = line.Split(':');
                if (f.Length >= 6 && long.TryParse(f[2], System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture, out var id) && id == uid)
                    return new LocalAccount(f[0], f[5]);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }
}
