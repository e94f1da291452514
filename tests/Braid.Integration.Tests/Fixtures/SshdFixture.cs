namespace Braid.Integration.Tests.Fixtures;

/// <summary>One shared server per test class (xunit class fixture).</summary>
public sealed class SshdFixture : IDisposable
{
    public SshdServer Server { get; } = new();
    public void Dispose() => Server.Dispose();

    public Task<ProcessResult> Braid(params string[] args) => BraidWith(null, null, args);

    public Task<ProcessResult> BraidWith(byte[]? stdin, IDictionary<string, string?>? env, params string[] args)
        => ProcessRunner.RunAsync(Paths.Braid, new[] { "-F", Server.ConfigFile }.Concat(args), stdin, env, TimeSpan.FromSeconds(120));
}
