using Nas.Spaces;

namespace Nas.Torch.Search;

/// <summary>How many libtorch threads a search should use on this machine.</summary>
public static class SearchThreads
{
    /// <summary>
    /// The threads: as given; else one for language models (recurrent steps are many tiny ops, see docs/benchmarks.md);
    /// else each local worker's share of the cores when there are several; else 0, libtorch's default of one per core.
    /// </summary>
    /// <param name="task">Image or language.</param>
    /// <param name="given">The threads asked for, or null.</param>
    /// <param name="workers">Local workers (trials trained at once in this process).</param>
    public static int For(SpaceTask task, int? given, int workers)
    {
        if (given is > 0) return given.Value;
        if (task == SpaceTask.Language) return 1;
        return workers > 1 ? Math.Max(1, Environment.ProcessorCount / workers) : 0;
    }
}
