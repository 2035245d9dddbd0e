using Nas.Search;
using Nas.Spaces;
using Nas.Spaces.Macro;
using Nas.Torch.Search;

namespace Nas.Torch.Auto;

/// <summary>
/// <c>auto</c>: a time budget in, a trained network out (<see cref="AutoSearch"/>). Searches any image space; by
/// default the residual space when it is registered (dense convolutions, fast on a CPU, with a hand-designed member to
/// start from), else the macro space.
/// </summary>
public sealed class AutoMethod : SearchMethod
{
    /// <summary>The method.</summary>
    public static AutoMethod Instance { get; } = new();

    private AutoMethod() { }

    /// <inheritdoc/>
    public override string Name => "auto";

    /// <inheritdoc/>
    public override string Summary =>
        "a time budget in, a trained network out: ranks neighbours of a hand-designed network without training, trains the best-ranked one that the budget affords on all the data and measures the test set once";

    /// <inheritdoc/>
    public override string Family => "pipeline";

    /// <inheritdoc/>
    public override string DefaultSpace => SpaceCatalog.Default.Find("residual") is not null ? "residual" : MacroSpace.Name;

    /// <inheritdoc/>
    public override bool Supports(SpaceKind space, out string reason)
    {
        bool ok = space.Task == SpaceTask.Image;
        reason = ok ? "" : $"must be an image space for auto, not {space.Name} ({space.Task.ToString().ToLowerInvariant()})";
        return ok;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<SettingGroup> Settings(SpaceKind space) => [Data, AutoSettings.Budget, AutoSettings.Group];

    /// <summary>The shortest time budget: below it the fixed costs leave nothing to search or train with.</summary>
    public static TimeSpan MinimumBudget { get; } = TimeSpan.FromSeconds(30);

    private static SettingGroup Data { get; } = ImageDataSettings.Group.Without("subset");

    /// <inheritdoc/>
    public override ISearch Create(SearchRequest request, SpaceCatalog spaces)
    {
        var r = ResolvedRequest.Resolve(this, request, spaces);
        if (r["budget"].Duration("time") < MinimumBudget)
            throw new SettingException("budget.time", $"must be at least {MinimumBudget.TotalSeconds:F0}s: probing, loading the data for the final training and the test take about 20s alone");
        var configuration = r.Configuration();
        configuration["runtime"] = RuntimeFacts.Describe();
        var data = ImageDataSettings.Load(r["data"], r.Kind.Name, r.Seed);
        foreach (var (key, value) in ImageDataSettings.Facts(data)) configuration[key] = value?.DeepClone();
        return new AutoSearch(r, data, configuration);
    }
}
