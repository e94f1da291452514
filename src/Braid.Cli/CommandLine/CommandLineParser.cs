namespace Braid.Cli.CommandLine;

/// <summary>
/// Parses ssh's argv exactly like OpenSSH 9.2's main(): getopt without permutation, then
/// the destination, then — OpenSSH's "again:" loop — getopt once more over the words after
/// the destination, so "ssh host -v cmd" takes -v as a flag while "ssh host cmd -v" sends
/// "cmd -v" as the command. A "--" before the destination stops that second scan.
/// </summary>
public static class CommandLineParser
{
    /// <summary>ssh.c's getopt string.</summary>
    internal const string OptionString = "1246ab:c:e:fgi:kl:m:no:p:qstvxAB:CD:E:F:GI:J:KL:MNO:PQ:R:S:TVw:W:XYy";

    /// <param name="args">The arguments after the program name.</param>
    public static CommandLineResult Parse(IReadOnlyList<string> args) => Parse(args, ParserEnvironment.FromSystem());

    public static CommandLineResult Parse(IReadOnlyList<string> args, ParserEnvironment environment)
    {
        var state = new FlagState(environment);
        Destination? destination = null;
        var scanFrom = 0;
        int commandStart;
        while (true)
        {
            var getopt = new Getopt(args, scanFrom, OptionString);
            while (getopt.Next() is { } item)
            {
                if (item.ErrorMessage is not null)
                    return state.Fail(item.ErrorMessage + UsageText.Text);
                if (state.Apply(item.Letter, item.Argument) is { } early)
                    return early;
            }

            var index = getopt.Index;
            if (destination is not null || index >= args.Count)
            {
                commandStart = index;
                break;
            }

            // ssh.c: "if (optind > 1 && strcmp(av[optind - 1], "--") == 0)". This also
            // fires when "--" was an option's argument (ssh -l -- host -v), as in OpenSSH.
            var optionsTerminated = index > 0 && args[index - 1] == "--";
            destination = ParseDestination(args[index], state);
            if (destination is null)
                return state.Fail(UsageText.Text);
            if (args.Count - index > 1 && !optionsTerminated)
            {
                scanFrom = index + 1;
                continue;
            }
            commandStart = index + 1;
            break;
        }

        if (destination is null)
            return state.Fail(UsageText.Text);
        return state.Finish(destination, args.Skip(commandStart).ToArray());
    }

    private static Destination? ParseDestination(string word, FlagState state)
    {
        var lookup = state.Environment.LookupTcpService;
        switch (DestinationParser.TryParseSshUri(word, lookup, out var uriUser, out var uriHost, out var uriPort))
        {
            case DestinationParser.UriResult.Malformed:
                return null;
            case DestinationParser.UriResult.Ok:
                if (uriUser is not null) state.Options.SetIfUnset("User", uriUser);
                if (uriPort != -1 && !state.Options.IsSet("Port")) state.Options.Append("Port", uriPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return new Destination(uriUser, uriHost, uriPort == -1 ? null : uriPort, IsUri: true);
        }

        var at = word.LastIndexOf('@');
        if (at < 0) return new Destination(null, word, null, IsUri: false);
        if (at == 0) return null;
        var user = word[..at];
        state.Options.SetIfUnset("User", user);
        return new Destination(user, word[(at + 1)..], null, IsUri: false);
    }
}
