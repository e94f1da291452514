namespace Braid.Cli;

/// <summary>SendEnv/SetEnv as OpenSSH applies them: environment variables whose names match a SendEnv
/// pattern (with `-` patterns removing earlier ones), then SetEnv's NAME=VALUE entries.</summary>
public static class SessionEnvironment
{
    public static List<(string Name, string Value)> Collect(IReadOnlyList<string> sendEnv, IReadOnlyList<string> setEnv,
        System.Collections.IDictionary environment)
    {
        var result = new List<(string, string)>();
        if (sendEnv.Count > 0)
        {
            var names = environment.Keys.Cast<string>().OrderBy(k => k, StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (name.Contains('=')) continue;
                if (!Braid.Mux.Master.EnvPatterns.Matches(sendEnv, name)) continue;
                result.Add((name, environment[name] as string ?? ""));
            }
        }
        foreach (var kv in setEnv)
        {
            int eq = kv.IndexOf('=');
            if (eq <= 0) continue;
            result.Add((kv[..eq], kv[(eq + 1)..]));
        }
        return result;
    }
}
