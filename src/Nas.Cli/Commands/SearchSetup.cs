using System.CommandLine;
using System.Text.Json;
using Nas.Cli.Options;
using Nas.Execution.Pruning;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Store;
using Nas.Strategies;
using Nas.Torch.Data;
using Nas.Torch.Evaluation;
using Nas.Torch.Networks;
using Nas.Torch.Networks.Cells;
using Nas.Torch.Runtime;
using Nas.Torch.Training;

namespace Nas.Cli.Commands;

/// <summary>
/// What a multi-trial image search is made of, built from its options: the space, the strategy, the data,
/// the training recipe, the evaluator and the pruning rule. The search builds it from its command line; a
/// worker builds the same from the recorded one.
/// </summary>
internal sealed record SearchSetup(SearchSpace Space, IStrategy Strategy, string StrategyName, TrainingOptions Recipe, NetworkOptions Size,
    bool Cells, PreparedData Prepared, TrainingEvaluator Evaluator, IPruner Pruner)
{
    /// <param name="dataDirectory">Overrides the recorded --data-dir (a worker on another machine).</param>
    public static SearchSetup Build(SearchDefinition d, ParseResult r, string? dataDirectory)
    {
        if (LanguageSearch.Applies(r.GetValue(d.Space)!, r.GetValue(d.Data.Dataset)!) || OneShotSearch.Handles(d.Strategies.Name(r)) || d.Strategies.Name(r) == EnasSearch.StrategyName)
            throw new NasUserException("this experiment is not a multi-trial image search: only those can be resumed or served to workers");
        var recipe = d.Training.Read(r);
        var space = SearchCommand.CreateSpace(r.GetValue(d.Space)!, r.GetValue(d.Layers) ?? 6, SearchCommand.ParseList(r.GetValue(d.PoolAfter), "--pool-after"), r.GetValue(d.Strides));
        bool cells = CellSpace.IsCellSpace(space);
        var size = d.Network.Read(r, auxiliary: recipe.AuxiliaryWeight > 0, layers: cells ? r.GetValue(d.Layers) : null);
        var pruner = d.Pruning.Create(r);
        var strategy = d.Strategies.Create(r, space, recipe.Seed);
        var prepared = PreparedData.ForSearch(r.GetValue(d.Data.Dataset)!, dataDirectory ?? r.GetValue(d.Data.DataDirectory), r.GetValue(d.Subset), r.GetValue(d.Validation), recipe.Seed);
        var evaluator = new TrainingEvaluator(prepared.Train, prepared.Validation, recipe, network: size);
        return new SearchSetup(space, strategy, d.Strategies.Name(r), recipe, size, cells, prepared, evaluator, pruner);
    }

    /// <summary>The full configuration as recorded: resolved values for people, the command line for --resume and workers.</summary>
    public string ConfigurationJson(SearchDefinition d, ParseResult r, StorageLocation storage, string? experiment, int workers)
    {
        var configuration = new
        {
            command = "search",
            arguments = d.Arguments(r),
            space = new { name = Space.Name, settings = Space.Settings },
            strategy = d.Strategies.Describe(r),
            workers,
            storage = storage.Redacted,
            experiment,
            pruner = new { name = Pruner.Name, settings = Pruner.Describe() },
            queue = new { lease = r.GetValue(d.Lease), max_attempts = r.GetValue(d.MaxAttempts) },
            budget = new { trials = r.GetValue(d.Trials), time = r.GetValue(d.TimeBudget) },
            data = new { dataset = r.GetValue(d.Data.Dataset), data_dir = r.GetValue(d.Data.DataDirectory), subset = r.GetValue(d.Subset), validation = r.GetValue(d.Validation), train_examples = Prepared.Train.Count, validation_examples = Prepared.Validation.Count, normalization = Prepared.Normalization },
            training = TrainingConfiguration.Describe(Recipe),
            network = Cells ? new { init_channels = Size.Channels ?? CellClassifier.DefaultChannels, layers = Size.Layers ?? CellClassifier.DefaultLayers, auxiliary = Size.Auxiliary, kind = Size.Kind.ToString().ToLowerInvariant() } : null,
            seed = Recipe.Seed,
            threads = TorchSharp.torch.get_num_threads(),
            allocator_tuned = NativeAllocator.Applied,
            version = typeof(SearchSetup).Assembly.GetName().Version?.ToString(),
            started = DateTimeOffset.UtcNow,
        };
        return JsonSerializer.Serialize(configuration, new JsonSerializerOptions { WriteIndented = true });
    }
}
