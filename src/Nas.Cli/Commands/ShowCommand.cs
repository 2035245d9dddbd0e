using System.CommandLine;
using Nas.Cli.Console;
using Nas.Store;
using Spectre.Console;

namespace Nas.Cli.Commands;

/// <summary><c>nas show DIR</c>: an experiment's configuration, search log, trials and its best.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var target = new Argument<string?>("experiment") { Description = "Experiment directory (holding experiment.db) or the database file itself (or give --storage)", Arity = ArgumentArity.ZeroOrOne };
        var storage = new Options.StorageOptionSet();
        var config = new Option<bool>("--config") { Description = "Also print the recorded configuration", DefaultValueFactory = _ => false };
        var full = new Option<bool>("--full") { Description = "Also list nested values of the search log (alpha softmaxes, genotypes)", DefaultValueFactory = _ => false };
        var pareto = new Option<string?>("--pareto")
        {
            Description = "Also print the Pareto front of accuracy against params, madds or latency, with its hypervolume (an nsga2 search prints its own objective's)",
        };
        // Checked here rather than by AcceptOnlyFromAmong, whose message lists the choices over several lines.
        pareto.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !Strategies.Pareto.ParetoObjectives.TryParse(result.Tokens[0].Value, out _))
                result.AddError($"must be {string.Join(", ", Strategies.Pareto.ParetoObjectives.Names)}");
        });
        var json = new Option<bool>("--json") { Description = "Print everything as one JSON document instead (configuration, search log, trials with their epochs, best trial)", DefaultValueFactory = _ => false };
        var command = new Command("show", "Show an experiment's trials, its search log (controller updates, one-shot epochs) and its best architecture");
        command.Arguments.Add(target);
        command.Options.Add(config);
        command.Options.Add(full);
        command.Options.Add(pareto);
        command.Options.Add(json);
        storage.AddTo(command);
        command.SetAction((r, ct) => CommandRunner.Run(() =>
        {
            using var store = Open(r, r.GetValue(target), storage);
            var asked = ObjectiveOf(r.GetValue(pareto));
            if (r.GetValue(json))
            {
                System.Console.Out.Write(Reporting.ExperimentDocument.Json(store, asked));
                return 0;
            }
            var trials = store.Trials();
            if (r.GetValue(config)) System.Console.Out.WriteLine(store.LoadConfiguration() ?? "(no configuration recorded)");
            var best = TrialTable.Best(trials);
            StepTable.Print(store.Steps(), r.GetValue(full));
            // Language-model searches store 1/perplexity as accuracy (see ARCHITECTURE.md): show perplexity.
            bool perplexity = best is not null && Torch.Networks.Recurrent.RecurrentNetworks.IsRecurrentSpace(Architectures.Architecture.FromJson(best.ArchitectureJson).Space.Name);
            if (trials.Count > 0) TrialTable.Print(trials, best?.Id, perplexity);
            var counts = trials.GroupBy(t => t.Status).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
            System.Console.Out.WriteLine($"{trials.Count} trials: {string.Join(", ", counts)}");
            if ((asked ?? Strategies.Pareto.ParetoSummary.ObjectiveOf(store.LoadConfiguration())) is { } objective)
                ParetoText.Print(Strategies.Pareto.ParetoSummary.Of(trials, objective), objective);
            if (best is not null)
            {
                System.Console.Out.WriteLine(perplexity && best.ValidationLoss is { } loss
                    ? $"best: trial {best.Id}, validation perplexity {Formats.Number(Math.Exp(loss), 2)}, {Formats.Count(best.Parameters)} parameters"
                    : $"best: trial {best.Id}, validation accuracy {Formats.Percent(best.ValidationAccuracy)}, {Formats.Count(best.Parameters)} parameters, {Formats.Count(best.MultiplyAdds)} multiply-adds");
                var architecture = Architectures.Architecture.FromJson(best.ArchitectureJson);
                if (Spaces.SpaceCatalog.Default.Find(architecture.Space.Name) is { Notation: { } notation })
                    System.Console.Out.WriteLine($"{ArchitectureText.Short(architecture)}  ({notation})");
                System.Console.Out.WriteLine(architecture.ToJson());
            }
            return 0;
        }));
        return command;
    }

    private static Strategies.Pareto.ParetoObjective? ObjectiveOf(string? name) =>
        name is null ? null : Strategies.Pareto.ParetoObjectives.Parse(name);

    internal static IExperimentStore Open(ParseResult r, string? path, Options.StorageOptionSet storage)
    {
        // Reading never writes: the store is opened read-only and nothing but a nas experiment is accepted.
        if (path is null) return r.GetValue(storage.Storage) is null
            ? throw new NasUserException("give the experiment's directory or --storage")
            : storage.Location(r, null).OpenReadOnly(r.GetValue(storage.Experiment));
        var dbPath = Directory.Exists(path) ? Path.Combine(path, StorageLocation.FileName) : path;
        if (!File.Exists(dbPath)) throw new NasUserException($"{path}: no experiment here (expected {dbPath})");
        return SqliteExperimentStore.OpenReadOnly(dbPath);
    }
}
