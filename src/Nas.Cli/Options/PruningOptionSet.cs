using System.CommandLine;
using Nas.Execution.Pruning;

namespace Nas.Cli.Options;

/// <summary>The early-stopping rule of a multi-trial search and its settings.</summary>
internal sealed class PruningOptionSet
{
    public Option<string> Pruner { get; } = OptionFactory.Create("--pruner", $"Stop unpromising trials early, after an epoch: {string.Join(", ", PrunerCatalog.Names)} (median: the median stopping rule; asha: asynchronous successive halving)", "none");
    public Option<int?> Startup { get; } = OptionFactory.Optional<int>("--prune-startup", $"median: completed trials needed at an epoch before pruning there (default {MedianStoppingRule.DefaultStartupTrials})");
    public Option<int?> Warmup { get; } = OptionFactory.Optional<int>("--prune-warmup", $"median: epochs never pruned at (default {MedianStoppingRule.DefaultWarmupEpochs})");
    public Option<int?> MinEpochs { get; } = OptionFactory.Optional<int>("--asha-min-epochs", $"asha: epoch of the first rung (default {SuccessiveHalvingPruner.DefaultMinEpochs})");
    public Option<int?> Eta { get; } = OptionFactory.Optional<int>("--asha-eta", $"asha: reduction factor between rungs (default {SuccessiveHalvingPruner.DefaultReductionFactor})");
    public Option<int?> MinRate { get; } = OptionFactory.Optional<int>("--asha-min-rate", $"asha: minimum early-stopping rate s (default {SuccessiveHalvingPruner.DefaultMinEarlyStoppingRate})");

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Pruner, Startup, Warmup, MinEpochs, Eta, MinRate }) command.Options.Add(o);
    }

    public IPruner Create(ParseResult r) => PrunerCatalog.Create(r.GetValue(Pruner)!,
        new PrunerSettings(r.GetValue(Startup), r.GetValue(Warmup), r.GetValue(MinEpochs), r.GetValue(Eta), r.GetValue(MinRate)));
}
