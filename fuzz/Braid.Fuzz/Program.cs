using Braid.Fuzz;

// The fuzz driver. Commands:
//   list                     names and what each target covers
//   run TARGET               one target under afl-fuzz (SharpFuzz fork server; input on stdin)
//   replay TARGET FILE...    runs files through a target; exit 1 if any escapes with an exception
//   instrument DIR           adds AFL coverage probes to the Braid assemblies in DIR (once)
//   seeds DIR                writes the generated part of the seed corpus to DIR/TARGET/
return args switch
{
    ["list"] => List(),
    ["run", var name] => Run(name),
    ["replay", var name, .. var files] => Replay(name, files),
    ["instrument", var dir] => Instrumenter.Instrument(dir),
    ["seeds", var dir] => SeedCorpus.Write(dir),
    _ => Usage(),
};

static int List()
{
    foreach (var t in FuzzTargets.All) Console.WriteLine($"{t.Name}\t{t.Covers}");
    return 0;
}

static int Run(string name)
{
    var target = FuzzTargets.Find(name);
    if (target == null) return Unknown(name);
    // Out of process: a hang or a fatal crash kills a child the fork server restarts, not the fuzzing run.
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        var ms = new MemoryStream();
        stream.CopyTo(ms);
        target.Run(ms.GetBuffer().AsSpan(0, (int)ms.Length));
    });
    return 0;
}

static int Replay(string name, string[] files)
{
    var target = FuzzTargets.Find(name);
    if (target == null) return Unknown(name);
    int failed = 0;
    foreach (var f in files)
    {
        try { target.Run(File.ReadAllBytes(f)); }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"CRASH {f}: {e}");
        }
    }
    Console.WriteLine($"{name}: {files.Length - failed} ok, {failed} crashed");
    return failed == 0 ? 0 : 1;
}

static int Unknown(string name)
{
    Console.Error.WriteLine($"unknown target {name}; try: list");
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Braid.Fuzz list | run TARGET | replay TARGET FILE... | instrument DIR | seeds DIR");
    return 2;
}
