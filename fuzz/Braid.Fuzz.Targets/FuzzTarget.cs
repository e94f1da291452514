namespace Braid.Fuzz;

/// <summary>Runs one input through a parser. Returns normally when the parser accepted the input or
/// refused it with one of its documented error types; anything that escapes is a bug (a "crash").</summary>
public delegate void FuzzAction(ReadOnlySpan<byte> input);

/// <summary>One fuzz target: a name for scripts/fuzz.sh, what it covers, and the function.</summary>
public sealed record FuzzTarget(string Name, string Covers, FuzzAction Run);
