namespace Braid.Integration.Tests.Load;

/// <summary>
/// Bash loops that run numbered passengers: session i runs `echo i; exit i%7` and the loop prints one
/// "bad" line for any session whose output or exit status is not exactly that. One bash process drives
/// thousands of passengers far faster than one .NET Process object each, and each is still a real
/// out/braid passenger. Stderr is captured with stdout, so a session that writes to it counts as wrong.
/// </summary>
public static class SessionLoops
{
    /// <summary>A bash function `one I` running and checking session I.</summary>
    private static string OneSession(string passenger) => $$"""
        one() {
          local out
          out=$({{passenger}} "echo $1; exit \$(($1 % 7))" 2>&1; echo "rc=$?")
          [ "$out" = "$1"$'\n'"rc=$(($1 % 7))" ] || printf 'bad #%s: %q\n' "$1" "$out"
        }
        """;

    /// <summary>Sessions first..last, one after another.</summary>
    public static string Sequential(string passenger, int first, int last) => $$"""
        {{OneSession(passenger)}}
        for ((i = {{first}}; i <= {{last}}; i++)); do one $i; done
        """;

    /// <summary>Bursts of size concurrent sessions, numbered from offset + 1, each burst waiting for the last one to end.</summary>
    public static string Bursts(string passenger, int offset, int bursts, int size) => $$"""
        {{OneSession(passenger)}}
        for ((b = 0; b < {{bursts}}; b++)); do
          for ((k = 1; k <= {{size}}; k++)); do one $(({{offset}} + b * {{size}} + k)) & done
          wait
        done
        """;

    /// <summary>The "bad" lines of a loop's output (at most a few, for a readable failure).</summary>
    public static List<string> Failures(string stdout)
        => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("bad ", StringComparison.Ordinal)).ToList();
}
