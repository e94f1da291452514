namespace Braid.Cli.CommandLine;

/// <summary>
/// The ordered (keyword, value) list the flags build. ssh_config is first-wins, and ssh.c
/// mixes two kinds of assignment, which map onto the list like this:
/// - "set if unset" (-p, -l, user@, -w's Tunnel, -o): append, so an earlier entry wins;
/// - unconditional (-A, -4, -t, -v, -c, ...): drop every earlier entry for the keyword
///   (including ones from -o) and append, so this one wins over earlier and later -o.
/// Keywords compare case-insensitively, like ssh_config.
/// </summary>
internal sealed class ImpliedOptions
{
    private readonly List<ConfigOption> _options = [];

    public IReadOnlyList<ConfigOption> Items => _options;

    public bool IsSet(string keyword) => FirstValue(keyword) is not null;

    public string? FirstValue(string keyword)
    {
        foreach (var option in _options)
            if (string.Equals(option.Keyword, keyword, StringComparison.OrdinalIgnoreCase))
                return option.Value;
        return null;
    }

    public void Append(string keyword, string value) => _options.Add(new ConfigOption(keyword, value));

    public void AppendFromDashO(string keyword, string value) =>
        _options.Add(new ConfigOption(keyword, value) { FromDashO = true });

    public void SetIfUnset(string keyword, string value)
    {
        if (!IsSet(keyword)) Append(keyword, value);
    }

    public void Override(string keyword, string value)
    {
        _options.RemoveAll(o => string.Equals(o.Keyword, keyword, StringComparison.OrdinalIgnoreCase));
        Append(keyword, value);
    }
}
