namespace Braid.Integration.Tests.Load;

/// <summary>
/// How much load the Load tests put on a master. BRAID_SOAK=full is the figure (10,000 sequential
/// sessions, 10 bursts of 100, 8 × 1 GiB); BRAID_SOAK=quick (the default, so the suite stays within its time
/// budget on 2 cores) exercises the same paths with fewer sessions and bytes. scripts/reliability.sh runs full.
/// </summary>
public sealed record LoadScale(string Name, int Sequential, int Bursts, int BurstSize, int Transfers, long TransferBytes)
{
    public static readonly LoadScale Full = new("full", 10_000, 10, 100, 8, 1L << 30);
    public static readonly LoadScale Quick = new("quick", 4_000, 3, 100, 8, 128L << 20);

    public static LoadScale Current => Environment.GetEnvironmentVariable("BRAID_SOAK") switch
    {
        "full" => Full,
        _ => Quick,
    };

    /// <summary>"1 GiB" / "128 MiB" for the record.</summary>
    public string TransferSize => TransferBytes >= 1L << 30 && TransferBytes % (1L << 30) == 0
        ? $"{TransferBytes >> 30} GiB" : $"{TransferBytes >> 20} MiB";
}
