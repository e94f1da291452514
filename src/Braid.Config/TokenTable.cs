using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Braid.Config;

/// <summary>
/// %-token values where %C is computed only if a value actually uses it: hashing costs a crypto library
/// start-up, which a passenger whose ControlPath has no %C should never pay.
/// </summary>
internal sealed class TokenTable(Dictionary<char, string> values, Func<string> connectionHash) : IReadOnlyDictionary<char, string>
{
    private string? _hash;
    private string Hash => _hash ??= connectionHash();

    public string this[char key] => key == 'C' ? Hash : values[key];
    public IEnumerable<char> Keys => values.Keys.Append('C');
    public IEnumerable<string> Values => Keys.Select(k => this[k]);
    public int Count => values.Count + 1;
    public bool ContainsKey(char key) => key == 'C' || values.ContainsKey(key);

    public bool TryGetValue(char key, [MaybeNullWhen(false)] out string value)
    {
        if (key == 'C') { value = Hash; return true; }
        return values.TryGetValue(key, out value);
    }

    public IEnumerator<KeyValuePair<char, string>> GetEnumerator() => Keys.Select(k => new KeyValuePair<char, string>(k, this[k])).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
