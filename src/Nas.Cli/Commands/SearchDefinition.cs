using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Nas.Cli.Options;
using Nas.Execution;
using Nas.Spaces;
using Nas.Store;

namespace Nas.Cli.Commands;

/// <summary>
/// Every option of <c>nas search</c>, in one object, so that a recorded command line can be parsed again with
/// the same definitions: <c>--resume</c> continues an experiment from it and <c>nas worker</c> builds the same
/// evaluator from it on another machine.
/// </summary>
internal sealed class SearchDefinition
{
    public SearchDefinition(Func<SearchDefinition, ParseResult, CancellationToken, Task<int>> action)
    {
        Command = new Command("search", "Search a space for a good architecture: train each proposed child, record it, keep the best");
        foreach (var o in new Option[] { Space, Trials, TimeBudget, Subset, Validation, Layers, PoolAfter, Strides, Output, Workers, Pending, Resume, Lease, MaxAttempts })
            Command.Options.Add(o);
        Storage.AddTo(Command);
        Pruning.AddTo(Command);
        Strategies.AddTo(Command);
        Data.AddTo(Command);
        Training.AddTo(Command);
        Network.AddTo(Command);
        Language.AddTo(Command);
        Enas.AddTo(Command);
        OneShot.AddTo(Command);
        Command.SetAction((r, ct) => CommandRunner.RunAsync(() => action(this, r, ct)));
    }

    public Command Command { get; }

    public Option<string> Space { get; } = OptionFactory.Create("--space", $"Search space: {string.Join(", ", SpaceCatalog.Default.Names)}", "macro");
    public StrategyOptionSet Strategies { get; } = new();
    public Option<int> Workers { get; } = OptionFactory.Create("--workers", "Children trained at once in this process (threads sharing the cores; results update the strategy as they arrive); 0: only propose and learn, and let `nas worker` processes train", 1).AtLeast(0);
    public Option<int> Pending { get; } = OptionFactory.Create("--pending", "With --workers 0: trials kept waiting for workers beyond those running", 2).AtLeast(1);
    public Option<bool> Resume { get; } = OptionFactory.Create("--resume", "Continue the experiment in --out (or --storage/--experiment) from its recorded configuration and saved strategy state", false);
    public Option<string> Lease { get; } = OptionFactory.Create("--lease", "How long a worker may go silent before its trial goes back to the queue (heartbeats every sixth of it)", "60s");
    public Option<int> MaxAttempts { get; } = OptionFactory.Create("--max-attempts", "Claims of one trial before it fails (a worker that dies loses its claim)", 3).AtLeast(1);
    public Option<int?> Trials { get; } = OptionFactory.Optional<int>("--trials", "Number of trials (default 20 when no --time-budget is given)").AtLeast(1);
    public Option<string?> TimeBudget { get; } = OptionFactory.OptionalText("--time-budget", "Wall-time budget, e.g. 90s, 30m, 1h30m: no trial starts after it");
    public Option<int?> Subset { get; } = OptionFactory.Optional<int>("--subset", "Search on this many training examples (default: all that remain after the validation split)").AtLeast(1);
    public Option<int> Validation { get; } = OptionFactory.Create("--validation", "Validation examples carved from the training set (never the test set)", 5000).AtLeast(1);
    public Option<int?> Layers { get; } = OptionFactory.Optional<int>("--layers", "macro space: number of layers (default 6); enas-macro: layers (default 12); cell spaces: cells of each child network (default 8); one-shot (darts, darts-2nd, snas): cells of the supernet (default 8)").AtLeast(1);
    public Option<string?> PoolAfter { get; } = OptionFactory.OptionalText("--pool-after", "macro space: layers after which the resolution halves, e.g. 1,3 (default: after N/3-1 and 2N/3-1)");
    public Option<bool> Strides { get; } = OptionFactory.Create("--search-strides", "macro space: also search a stride of 1 or 2 per layer", false);
    public Option<string?> Output { get; } = OptionFactory.OptionalText("--out", "Output directory for experiment.db and best.json (default runs/<space>-<strategy>-<time>)");
    public StorageOptionSet Storage { get; } = new();
    public PruningOptionSet Pruning { get; } = new();
    public DataOptions Data { get; } = new();
    public TrainingOptionSet Training { get; } = new(epochs: 2, cropPadding: 0, flip: false);
    public NetworkOptionSet Network { get; } = new(layers: false);
    public LanguageOptionSet Language { get; } = new(hiddenSize: 64);
    public EnasOptionSet Enas => _enas ??= new EnasOptionSet(Strategies);
    public OneShotSearch.OptionSet OneShot { get; } = new();
    private EnasOptionSet? _enas;

    /// <summary>Queue timing from --lease and --max-attempts.</summary>
    public QueueSettings QueueSettings(ParseResult r)
    {
        var text = r.GetValue(Lease)!;
        if (!DurationParser.TryParse(text, out var lease)) throw new NasUserException($"--lease: '{text}' is not a duration (examples: 30s, 2m)");
        return new QueueSettings { Lease = lease, Heartbeat = lease / 6, MaxAttempts = r.GetValue(MaxAttempts) }.Validated();
    }

    /// <summary>The options that say where the experiment is or how this process runs, left out of the recorded command line.</summary>
    private IEnumerable<Option> NotRecorded => [Storage.Storage, Storage.Experiment, Resume];

    /// <summary>This invocation's command line, without the storage URL (which may hold a password) or --resume.</summary>
    public string[] Arguments(ParseResult r)
    {
        var skip = NotRecorded.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        var tokens = r.Tokens;
        var args = new List<string>();
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Type == TokenType.Command) continue;
            if (t.Type == TokenType.Option && skip.Contains(t.Value))
            {
                while (i + 1 < tokens.Count && tokens[i + 1].Type == TokenType.Argument) i++;
                continue;
            }
            args.Add(t.Value);
        }
        return args.ToArray();
    }

    /// <summary>The search's recorded command line, parsed again: what --resume and nas worker run.</summary>
    public ParseResult Recorded(IExperimentStore store)
    {
        var json = store.LoadConfiguration() ?? throw new NasUserException($"{store.Location}: no configuration recorded, so nothing to resume");
        string[]? args;
        try
        {
            using var doc = JsonDocument.Parse(json);
            args = doc.RootElement.TryGetProperty("arguments", out var a) ? a.Deserialize<string[]>() : null;
        }
        catch (JsonException e) { throw new NasUserException($"{store.Location}: the recorded configuration is malformed: {e.Message}"); }
        if (args is null) throw new NasUserException($"{store.Location}: recorded by an older nas without its command line; it cannot be resumed or served to workers");
        var parsed = Command.Parse(args);
        if (parsed.Errors.Count > 0) throw new NasUserException($"{store.Location}: the recorded command line no longer parses: {parsed.Errors[0].Message}");
        return parsed;
    }
}
