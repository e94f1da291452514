namespace Braid.Integration.Tests.Load;

/// <summary>
/// How much load the Load tests put on a master. Full (the default) is the figure: 10,000 sequential
/// sessions, 10 bursts of 100, 8 × 1 GiB, about 4 minutes on a busy 2-core machine. BRAID_SOAK=quick runs
/// the same paths with fewer sessions and bytes (about 40 s), for a fast round while working on the code.
/// </summary>
public sealed record LoadScale(int Sequential, int Bursts, int BurstSize, int Transfers, long TransferBytes)
{
    public static readonly LoadScale Full = new(10_000, 10, 100, 8, 1L << 30);
    public static readonly LoadScale Quick = new(1_000, 3, 100, 8, 128L << 20);

    public static LoadScale Current => Environment.GetEnvironmentVariable("BRAID_SOAK") switch
    {
        "quick" => Quick,
        _ => Full,
    };

    /// <summary>"1 GiB" / "128 MiB" for the record.</summary>
    public string TransferSize => TransferBytes >= 1L << 30 && TransferBytes % (1L << 30) == 0
        ? $"{TransferBytes >> 30} GiB" : $"{TransferBytes >> 20} MiB";
}
