namespace Braid.Fuzz;

/// <summary>SharpFuzz's in-place IL instrumentation of the assemblies under test (what the sharpfuzz
/// command-line tool does, without installing it).</summary>
internal static class Instrumenter
{
    /// <summary>The Braid assemblies whose parsers the targets exercise; the targets themselves and the
    /// runtime are not instrumented, so coverage means parser code.</summary>
    private static readonly string[] Assemblies = ["Braid.Ssh.dll", "Braid.Config.dll", "Braid.Mux.dll"];

    public static int Instrument(string dir)
    {
        foreach (var name in Assemblies)
        {
            string path = Path.Combine(dir, name);
            try
            {
                int types = SharpFuzz.Fuzzer.Instrument(path, _ => true, SharpFuzz.Options.Value).Count();
                Console.Error.WriteLine($"instrumented {name}: {types} types");
            }
            catch (SharpFuzz.InstrumentationException e) when (e.Message.Contains("already instrumented"))
            {
                Console.Error.WriteLine($"{name}: already instrumented");
            }
        }
        return 0;
    }
}
