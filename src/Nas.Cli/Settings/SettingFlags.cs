namespace Nas.Cli.Settings;

/// <summary>
/// The CLI's names for the library's setting paths. A setting of a plain group is <c>--key</c> (<c>training.epochs</c>:
/// <c>--epochs</c>); of any other group, <c>--group-key</c> (<c>controller.hidden</c>: <c>--controller-hidden</c>), so
/// a new strategy's settings get predictable names; a few established names are kept as they were.
/// </summary>
internal static class SettingFlags
{
    // Groups whose keys are flags on their own: they mean the same thing whichever method reads them.
    private static readonly HashSet<string> Plain = ["data", "budget", "training", "network", "model", "space", "evolution", "enas", "darts", "queue", "auto", "constraints", "nsga2"];

    private static readonly Dictionary<string, string> Named = new()
    {
        ["architecture"] = "--arch",
        ["data.directory"] = "--data-dir",
        ["budget.time"] = "--time-budget",
        ["pruner.name"] = "--pruner",
        ["controller.learning_rate"] = "--controller-lr",
        ["space.output"] = "--dag-output",
        ["space.leaves"] = "--tree-leaves",
        ["warm_start.from"] = "--warm-start",
    };

    private static readonly Dictionary<string, string[]> ExtraAliases = new()
    {
        ["training.learning_rate"] = ["--lr"],
    };

    /// <summary>The flag of a setting path (<c>group.key</c>, or a top-level key such as <c>seed</c>).</summary>
    public static string Flag(string path)
    {
        if (Named.TryGetValue(path, out var named)) return named;
        int dot = path.IndexOf('.');
        if (dot < 0) return "--" + Kebab(path);
        string group = path[..dot], key = path[(dot + 1)..];
        return Plain.Contains(group) ? "--" + Kebab(key) : $"--{Kebab(group)}-{Kebab(key)}";
    }

    /// <summary>Other spellings of a setting's flag.</summary>
    public static string[] Aliases(string path) => ExtraAliases.GetValueOrDefault(path) ?? [];

    private static string Kebab(string key) => key.Replace('_', '-');
}
