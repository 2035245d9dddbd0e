using System.CommandLine;
using System.Text.Json;
using Nas.Cli.Console;
using Nas.Cli.Options;
using Nas.Execution;
using Nas.Spaces;
using Nas.Spaces.Recurrent;
using Nas.Store;
using Nas.Torch.Evaluation;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Runtime;
using Nas.Torch.Text;

namespace Nas.Cli.Commands;

/// <summary>
/// <c>nas search</c> over a recurrent space on a text data set: each child is a language model trained from
/// scratch and ranked by validation perplexity (see <see cref="LanguageModelEvaluator"/>).
/// </summary>
internal static class LanguageSearch
{
    /// <summary>The options of <c>search</c> this path reads.</summary>
    public sealed record Inputs(Option<string> Space, StrategyOptionSet Strategies, Option<int?> Trials, Option<string?> TimeBudget, Option<int?> Subset,
        Option<int> Validation, Option<string?> Output, DataOptions Data, TrainingOptionSet Training, LanguageOptionSet Language);

    /// <summary>True when the space is recurrent or the data set is text; then the other must match.</summary>
    public static bool Applies(string space, string dataset) => RecurrentNetworks.IsRecurrentSpace(space) || TextDatasets.IsText(dataset);

    public static async Task<int> RunAsync(ParseResult r, Inputs o, CancellationToken ct)
    {
        string spaceName = r.GetValue(o.Space)!, dataset = r.GetValue(o.Data.Dataset)!;
        if (!RecurrentNetworks.IsRecurrentSpace(spaceName))
            throw new NasUserException($"--space: the {spaceName} space is not recurrent; text data sets need --space {RnnDagSpace.Name} or {RnnTreeSpace.Name}");
        if (!TextDatasets.IsText(dataset))
            throw new NasUserException($"--dataset: the {spaceName} space needs a text data set (ptb with --data-dir, or text:FILE), got '{dataset}'");
        if (LanguageOptionSet.Given(r, o.Validation))
            throw new NasUserException("--validation does not apply to text data sets: their validation split is fixed (valid.txt, or the text's second-last 5%)");
        TimeSpan? duration = null;
        if (r.GetValue(o.TimeBudget) is { } text)
        {
            if (!DurationParser.TryParse(text, out var d)) throw new NasUserException($"--time-budget: '{text}' is not a duration (examples: 90s, 30m, 1h30m)");
            duration = d;
        }
        if (r.GetValue(o.Subset) is not null && r.GetValue(o.Language.TrainTokens) is not null)
            throw new NasUserException("--subset and --train-tokens mean the same for text data sets: give one");
        var budget = new Budget(r.GetValue(o.Trials) ?? (duration is null ? 20 : null), duration);
        budget.Validate();
        var model = o.Language.Model(r);
        var recipe = o.Language.Training(r, o.Training, r.GetValue(o.Subset));
        var dagOptions = spaceName.Equals(RnnDagSpace.Name, StringComparison.OrdinalIgnoreCase) ? o.Language.DagSpace(r) : null;
        bool dag = dagOptions is not null;
        var space = dag ? RnnDagSpace.Create(dagOptions) : RnnTreeSpace.Create(o.Language.TreeSpace(r));
        var strategyName = o.Strategies.Name(r);
        bool darts = strategyName.Equals("darts", StringComparison.OrdinalIgnoreCase);
        if (darts && !dag)
            throw new NasUserException($"--strategy: darts searches the {RnnDagSpace.Name} cell; the {RnnTreeSpace.Name} space takes random, reinforce or evolution");
        if (!darts && (strategyName == EnasSearch.StrategyName || OneShotSearch.Handles(strategyName)))
            throw new NasUserException($"--strategy: {strategyName} over recurrent cells is not built yet; language-model searches take random, reinforce, evolution or darts (first order, {RnnDagSpace.Name})");
        if (darts) return await RecurrentDartsSearch.RunAsync(r, o, model, recipe, dagOptions!, ct);
        TorchRuntime.Initialize(LanguageOptionSet.Threads(r, o.Training));
        var corpus = TextDatasets.Load(dataset, r.GetValue(o.Data.DataDirectory));
        var strategy = o.Strategies.Create(r, space, recipe.Seed);
        var outDir = r.GetValue(o.Output) ?? Path.Combine("runs", $"{space.Name}-{strategyName}-{DateTime.Now:yyyyMMdd-HHmmss}");
        var dbPath = Path.Combine(outDir, "experiment.db");

        using var store = SqliteExperimentStore.Open(dbPath);
        if (store.Trials().Count > 0)
            throw new NasUserException($"{dbPath} already holds an experiment; choose another --out (nothing was changed)");
        var configuration = new
        {
            command = "search",
            task = "language-model",
            space = new { name = space.Name, settings = space.Settings },
            strategy = o.Strategies.Describe(r),
            budget = new { trials = budget.MaxTrials, seconds = budget.MaxDuration?.TotalSeconds },
            data = new
            {
                dataset, data_dir = r.GetValue(o.Data.DataDirectory), level = corpus.Level, vocabulary = corpus.Vocabulary.Count,
                train_tokens = corpus.Train.Length, validation_tokens = corpus.Validation.Length, subset = r.GetValue(o.Subset),
            },
            language_model = LanguageOptionSet.Describe(model, recipe),
            objective = "validation accuracy field = exp(-validation loss) = 1/perplexity of the best epoch",
            seed = recipe.Seed,
            threads = TorchSharp.torch.get_num_threads(),
            allocator_tuned = NativeAllocator.Applied,
            version = typeof(LanguageSearch).Assembly.GetName().Version?.ToString(),
            started = DateTimeOffset.UtcNow,
        };
        store.SaveConfiguration(JsonSerializer.Serialize(configuration, new JsonSerializerOptions { WriteIndented = true }));

        System.Console.Out.WriteLine($"search: {space}, strategy {strategyName}, {corpus}, size {model.Size}, {recipe.Epochs} epoch(s) per child");
        var evaluator = new LanguageModelEvaluator(corpus, model, recipe);
        var loop = new ExperimentLoop(strategy, evaluator, store, recipe.Seed);
        var summary = await ProgressSink.RunAsync($"search ({budget.MaxTrials?.ToString() ?? "?"} trials)", budget.MaxTrials ?? 1,
            async sink =>
            {
                using var journal = new StrategyJournal(strategy, store, new LanguageSearchObserver(sink, budget));
                return await loop.RunAsync(budget, journal, ct);
            });

        var records = store.Trials();
        var best = TrialTable.Best(records);
        TrialTable.Print(records, best?.Id, perplexity: true);
        if (best is null)
        {
            System.Console.Error.WriteLine("error: no trial completed, so there is no best architecture" + (summary.Cancelled ? " (search cancelled)" : ""));
            return 1;
        }
        var bestPath = Path.Combine(outDir, "best.json");
        File.WriteAllText(bestPath, Architectures.Architecture.FromJson(best.ArchitectureJson).ToJson());
        System.Console.Out.WriteLine($"{summary.Completed} completed, {summary.Failed} failed{(summary.Cancelled ? ", cancelled" : "")} in {Formats.Seconds(summary.Elapsed.TotalSeconds)}");
        System.Console.Out.WriteLine($"best: trial {best.Id}, validation perplexity {Formats.Number(Math.Exp(best.ValidationLoss!.Value), 2)} (search split, not test), {Formats.Count(best.Parameters)} parameters");
        System.Console.Out.WriteLine($"wrote {bestPath} and {dbPath}");
        System.Console.Out.WriteLine($"next: ./nas train --arch {bestPath} --dataset {dataset}{(r.GetValue(o.Data.DataDirectory) is { } dir ? " --data-dir " + dir : "")} --hidden-size {model.Size} --epochs 20 --out {Path.Combine(outDir, "final")}");
        return summary.Cancelled ? 130 : 0;
    }
}
