using Braid.Cli.CommandLine;

namespace Braid.Cli.Tests.CommandLine;

/// <summary>A fixed machine for parser tests: home /home/me, a few files that exist, "ssh" = 22.</summary>
internal static class TestEnvironment
{
    public static readonly ParserEnvironment Instance = new()
    {
        HomeDirectory = "/home/me",
        FileExists = path => path is "/home/me/.ssh/id_ed25519" or "/etc/passwd" or "/k",
        LookupTcpService = name => name switch { "ssh" => 22, "http" => 80, _ => null },
    };

    public static CommandLineResult Parse(params string[] args) => CommandLineParser.Parse(args, Instance);

    public static ParsedCommandLine Ok(params string[] args)
    {
        var result = Parse(args);
        if (result is CommandLineParsed parsed) return parsed.CommandLine;
        throw new Xunit.Sdk.XunitException($"expected success, got {result}");
    }

    public static string Error(params string[] args)
    {
        var result = Parse(args);
        if (result is CommandLineFailed failed)
        {
            Assert.Equal(255, failed.ExitCode);
            return failed.StandardError;
        }
        throw new Xunit.Sdk.XunitException($"expected failure, got {result}");
    }

    public static string[] Options(params string[] args) =>
        Ok(args).Options.Select(o => o.Keyword + " " + o.Value).ToArray();
}
