using System.CommandLine;
using System.Globalization;
using Nas.Search;
using Nas.Cli.Commands;
using Nas.Store;

namespace Nas.Cli.Options;

/// <summary>Where a search keeps its experiment and how this process runs it; none of these change what is searched, but --seed.</summary>
internal sealed class RunOptionSet
{
    public Option<string?> Output { get; } = new("--out") { HelpName = "DIR", Description = "directory for experiment.db, best.json and checkpoints (default runs/<space>-<method>-<time>)" };
    public Option<bool> Resume { get; } = new("--resume") { Description = "continue the experiment in --out (or --storage/--experiment); only the budget may change" };
    public Option<string?> SeedOption { get; } = new("--seed") { HelpName = "N", Description = "random seed: the same seed gives the same search on the CPU [default: 1]" };
    public Option<string?> Threads { get; } = new("--threads") { HelpName = "N", Description = "libtorch threads (default: the cores shared by the workers; one for language models)" };
    public Option<string?> Workers { get; } = new("--workers") { HelpName = "N", Description = "children trained at once in this process; 0: only propose, and let nas worker processes train [default: 1]" };
    public Option<string?> TensorBoard { get; } = new("--tensorboard") { HelpName = "DIR", Description = "also write the search's figures for TensorBoard into DIR (trials: validation accuracy and the best so far; epochs: the search log's figures)" };
    public StorageOptionSet Storage { get; } = new();

    public void AddTo(Command command, bool multiTrial)
    {
        foreach (var o in new Option[] { Output, Resume, SeedOption, Threads, TensorBoard }) command.Options.Add(o);
        if (multiTrial) command.Options.Add(Workers);
        Storage.AddTo(command);
    }

    /// <summary>The seed given, or 1.</summary>
    public int Seed(ParseResult r) => r.GetValue(SeedOption) is { } text ? Whole(text, "seed", int.MinValue) : 1;

    /// <summary>Threads and workers as given (null: not given).</summary>
    public SearchExecution Execution(ParseResult r) => new(
        r.GetValue(Workers) is { } w ? Whole(w, "workers", 0) : null,
        r.GetValue(Threads) is { } t ? Whole(t, "threads", 0) : null,
        r.GetValue(TensorBoard));

    /// <summary>Where the experiment is: --out, --storage, --experiment.</summary>
    public SearchLocation Where(ParseResult r) => new(r.GetValue(Output), r.GetValue(Storage.Storage) is { } url ? StorageLocation.Parse(url) : null, r.GetValue(Storage.Experiment));

    private static int Whole(string text, string name, int minimum)
    {
        var setting = Setting.Integer(name, null, name, minimum: minimum == int.MinValue ? null : minimum);
        return setting.Parse(System.Text.Json.Nodes.JsonValue.Create(text), name).GetValue<int>();
    }
}
