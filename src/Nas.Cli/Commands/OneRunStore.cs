using Nas.Store;

namespace Nas.Cli.Commands;

/// <summary>The experiment file of a search that runs once and cannot resume (ENAS, one-shot): it must start empty.</summary>
internal static class OneRunStore
{
    /// <summary>Opens (or creates) <c>experiment.db</c> in <paramref name="outDir"/>; refuses, changing nothing, one that holds trials or a search log.</summary>
    public static SqliteExperimentStore Open(string outDir, out string dbPath)
    {
        dbPath = Path.Combine(outDir, "experiment.db");
        var store = SqliteExperimentStore.Open(dbPath);
        if (store.Trials().Count > 0 || store.Steps().Count > 0)
        {
            store.Dispose();
            throw new NasUserException($"{dbPath} already holds an experiment; choose another --out (nothing was changed)");
        }
        return store;
    }
}
