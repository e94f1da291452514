namespace Braid.Fuzz;

/// <summary>Runs the async parsers synchronously with a deadline: a parser that waits for input which never
/// comes is a hang, and a hang must fail loudly (TimeoutException is never a documented parser error).</summary>
internal static class Await
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public static T Result<T>(Func<CancellationToken, Task<T>> run)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var task = run(cts.Token);
        if (Task.WaitAny([task], Deadline + TimeSpan.FromSeconds(1)) < 0)
            throw new TimeoutException("the parser hung");
        return task.GetAwaiter().GetResult();
    }

    public static void Done(Func<CancellationToken, Task> run) => Result(async ct => { await run(ct).ConfigureAwait(false); return 0; });
}
