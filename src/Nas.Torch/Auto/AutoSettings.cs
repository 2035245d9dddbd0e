using Nas.Search;

namespace Nas.Torch.Auto;

/// <summary>Group <c>auto</c>: the few knobs of the <c>auto</c> pipeline; everything else it plans from the time budget.</summary>
public static class AutoSettings
{
    /// <summary>The settings.</summary>
    public static SettingGroup Group { get; } = new("auto", "Pipeline", [
        Setting.Integer("max_params", null, "largest network allowed, in parameters (default: no limit)", minimum: 1000),
        Setting.Real("final_share", 0.6, "share of the time budget for training the chosen network on all the training data", minimum: 0.2, maximum: 0.9),
        Setting.Integer("candidates", null, "architectures sampled and screened without training (default: what a tenth of the search time allows, 10 to 500)", minimum: 2, maximum: 5000, advanced: true),
        Setting.Text("search", AutoPlanner.Proxy, "proxy (rank by a zero-cost proxy, no training: the best-ranked network that still affords proxy_epochs final epochs; 95.11% against the baseline's 94.86% in an hour on 2 cores, docs/benchmarks.md), halving (screen, then successive halving), random (plain random search at one fidelity) or none (no search: the space's reference network, e.g. resnet-baseline, trains for the whole budget); the last two are for comparisons", [AutoPlanner.Proxy, AutoPlanner.Halving, AutoPlanner.Random, AutoPlanner.None], advanced: true),
        Setting.Text("proxy", null, "how screening ranks candidates before training: none (as sampled; halving's default: its rungs rank), params (the parameter count), naswot (search proxy's default: Spearman 0.79 with the final training on the default space at equal epochs, docs/benchmarks.md) or synflow", [AutoSearch.NoProxy, "params", "naswot", "synflow"], advanced: true),
        Setting.Integer("proxy_epochs", 40, "search proxy: the final epochs the chosen network must still afford in the time left (with the final recipe resnet-baseline gains 1.5 points from 10 to 38 epochs and 0.2 from 38 to 79, so a slower, larger network pays only past the steep part)", minimum: 1, advanced: true),
        Setting.Text("reference", null, "the network the search starts from, screens the neighbours of and falls back on (what search none trains): an architecture file of the searched space or a named network (default: the space's own, resnet-baseline for the residual space)", advanced: true),
        Setting.Text("sample", AutoSearch.Near, "where screening draws candidates: near (the space's reference network changed in one or two decisions) or anywhere (uniformly over the space; always so for a space without a reference)", [AutoSearch.Near, AutoSearch.Anywhere], advanced: true),
        Setting.Integer("eta", 3, "successive halving: one in eta candidates goes on to the next, larger fidelity", minimum: 2, maximum: 8, advanced: true),
        Setting.Integer("replicas", null, "copies of each network that train together on shares of every batch, one libtorch thread each (at most one per core; 1: one copy on libtorch's threads); default: one replica per core unless the probe measures one copy more than 1.15x as fast (two replicas trained resnet-baseline 1.2-1.4x faster on 2 cores)", minimum: 1, maximum: 64, advanced: true),
        Setting.Integer("min_final_epochs", 4, "candidates too slow to train this many epochs in the final share are left out", minimum: 1, advanced: true),
    ]);

    /// <summary>The budget of an <c>auto</c> run: its wall time (group <c>budget</c>, the CLI's <c>--time-budget</c>).</summary>
    public static SettingGroup Budget { get; } = new("budget", "Budget", [
        Setting.Duration("time", TimeSpan.FromMinutes(60), "wall time for everything: planning, search, the final training and the test, e.g. 15m, 1h"),
    ]);
}
