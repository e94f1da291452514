namespace Braid.Cli.CommandLine;

/// <summary>
/// POSIX/BSD getopt(3) as OpenSSH uses it (openbsd-compat): no argument permutation, so
/// scanning stops at the first non-option; "--" ends options and is consumed; a lone "-"
/// is a non-option; "-x" with unknown x is an error, as is a missing argument. Messages
/// are the ones the Debian 9.2 build prints (no program-name prefix, "\r\n" line end).
/// </summary>
internal sealed class Getopt
{
    private readonly IReadOnlyList<string> _args;
    private readonly string _optionString;
    private int _charIndex; // position inside a cluster like -NfM; 0 = at a new word

    public Getopt(IReadOnlyList<string> args, int start, string optionString)
    {
        _args = args;
        _optionString = optionString;
        Index = start;
    }

    /// <summary>The index of the next word to scan (optind).</summary>
    public int Index { get; private set; }

    /// <summary>True when the word just before <see cref="Index"/> was the "--" that stopped the scan.</summary>
    public bool StoppedAtDoubleDash { get; private set; }

    /// <summary>
    /// Returns the next option letter with its argument; null at the end of options.
    /// An error result carries the getopt message ssh prints before its usage.
    /// </summary>
    public GetoptItem? Next()
    {
        if (_charIndex == 0)
        {
            if (Index >= _args.Count) return null;
            var word = _args[Index];
            if (word.Length < 2 || word[0] != '-') return null;
            if (word == "--")
            {
                Index++;
                StoppedAtDoubleDash = true;
                return null;
            }
            _charIndex = 1;
        }

        var current = _args[Index];
        var letter = current[_charIndex];
        // A '-' ending a cluster ("-v-") means "end of options" per POSIX, and the word
        // itself is then taken as the first operand (the destination).
        if (letter == '-' && _charIndex + 1 >= current.Length)
        {
            _charIndex = 0;
            return null;
        }
        _charIndex++;
        var atEndOfWord = _charIndex >= current.Length;
        var spec = letter == ':' ? -1 : _optionString.IndexOf(letter);
        if (spec < 0)
        {
            if (atEndOfWord) Advance();
            return GetoptItem.Error($"unknown option -- {letter}\r\n");
        }

        var takesArgument = spec + 1 < _optionString.Length && _optionString[spec + 1] == ':';
        if (!takesArgument)
        {
            if (atEndOfWord) Advance();
            return new GetoptItem(letter, null, null);
        }

        if (!atEndOfWord)
        {
            // Attached argument: -p22
            var attached = current[_charIndex..];
            Advance();
            return new GetoptItem(letter, attached, null);
        }

        Advance();
        if (Index >= _args.Count)
            return GetoptItem.Error($"option requires an argument -- {letter}\r\n");
        return new GetoptItem(letter, _args[Index++], null);
    }

    private void Advance()
    {
        Index++;
        _charIndex = 0;
    }
}

/// <summary>One getopt result: an option letter and its argument, or an error message.</summary>
internal readonly record struct GetoptItem(char Letter, string? Argument, string? ErrorMessage)
{
    public static GetoptItem Error(string message) => new('?', null, message);
}
