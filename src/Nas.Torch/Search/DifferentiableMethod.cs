using Nas.Search;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Recurrent;
using Nas.Torch.OneShot;

namespace Nas.Torch.Search;

/// <summary>
/// DARTS (first or second order) and SNAS: one supernet whose edges mix every op, trained together with its
/// architecture weights alpha; the derived cell is the result. Each also searches the recurrent DAG cell of a
/// language model. Settings: the data, the weights' training (DARTS's batch 64 and learning rate 0.025), the
/// supernet's size and the method's own (group <c>darts</c>).
/// </summary>
public sealed class DifferentiableMethod : SearchMethod
{
    private readonly OneShotMethod _method;

    /// <param name="name">darts, darts-2nd or snas.</param>
    /// <param name="method">The one-shot method.</param>
    /// <param name="summary">One line for lists.</param>
    public DifferentiableMethod(string name, OneShotMethod method, string summary)
    {
        Name = name;
        _method = method;
        Summary = summary;
    }

    /// <summary>DARTS, first order.</summary>
    public static DifferentiableMethod Darts { get; } = new("darts", OneShotMethod.Darts,
        "DARTS, first order: a supernet of mixed ops and its alpha, trained in turns on two halves of the training set");

    /// <summary>DARTS, second order.</summary>
    public static DifferentiableMethod DartsSecondOrder { get; } = new("darts-2nd", OneShotMethod.DartsSecondOrder,
        "DARTS, second order: alpha's gradient at the weights after one unrolled step");

    /// <summary>SNAS.</summary>
    public static DifferentiableMethod Snas { get; } = new("snas", OneShotMethod.Snas,
        "SNAS: Gumbel-softmax samples of the supernet with an annealed temperature, weights and alpha on the same batches, an optional resource penalty");

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override string Summary { get; }

    /// <inheritdoc/>
    public override string Family => "differentiable";

    /// <inheritdoc/>
    public override string DefaultSpace => DartsCellSpace.Name;

    /// <summary>The space named, else rnn-dag on a text data set and darts-cell otherwise.</summary>
    /// <param name="request">The request.</param>
    public override string SpaceOf(SearchRequest request) =>
        request.Space ?? (TrialSearchMethod.TextDatasetGiven(request) ? RnnDagSpace.Name : DefaultSpace);

    /// <inheritdoc/>
    public override bool Supports(SpaceKind space, out string reason)
    {
        bool ok = space.Name == DartsCellSpace.Name || space.Name == RnnDagSpace.Name;
        reason = ok ? "" : $"must be {DartsCellSpace.Name} or {RnnDagSpace.Name} for {Name}, not {space.Name}";
        return ok;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<SettingGroup> Settings(SpaceKind space) => space.Task == SpaceTask.Language
        ? [TextDataSettings.Group, RecurrentTraining, LanguageModelSettings.Group, RecurrentGroup(Name, _method)]
        : [ImageDataSettings.Group, ImageTraining, Supernet, Group];

    // The supernet's weights: no augmentation and no cell-network extras, DARTS's batch and learning rate.
    private static SettingGroup ImageTraining { get; } = ImageTrainingSettings.Group
        .Without(["crop_padding", "flip", "cutout", "auxiliary_weight", "drop_path", .. ImageTrainingSettings.RecipeKeys])
        .WithDefaults(("batch_size", 64), ("learning_rate", 0.025));

    private static SettingGroup Supernet { get; } = NetworkSettings.Group.Without("layout") with
    {
        Settings = NetworkSettings.Group.Without("layout").Settings.Select(s => s.Key == "cells"
            ? s with { Minimum = 3, Description = "cells of the supernet (two of them reduction cells)" }
            : s with { Description = "channels C of the supernet's first cells" }).ToArray(),
    };

    private SettingGroup Group => new("darts", $"{Name}", _method switch
    {
        OneShotMethod.Snas =>
        [
            Setting.Real("min_learning_rate", 0.001, "the weights' cosine schedule ends here", minimum: 0, advanced: true),
            Setting.Real("alpha_learning_rate", 3e-4, "Adam learning rate of alpha", positive: true, advanced: true),
            Setting.Real("alpha_weight_decay", 1e-3, "Adam weight decay of alpha", minimum: 0, advanced: true),
            Setting.Text("resource", "params", "cost of the resource penalty: params, madds or mac", ["params", "madds", "mac"]),
            Setting.Real("resource_weight", 0.0, "lambda, weight of the resource penalty (lambda x expected cost / maximum cost; 0: off)", minimum: 0),
            .. Temperatures,
        ],
        _ =>
        [
            Setting.Real("min_learning_rate", 0.001, "the weights' cosine schedule ends here", minimum: 0, advanced: true),
            Setting.Real("alpha_learning_rate", 3e-4, "Adam learning rate of alpha", positive: true, advanced: true),
            Setting.Real("alpha_weight_decay", 1e-3, "Adam weight decay of alpha", minimum: 0, advanced: true),
            Setting.Integer("max_skip", null, "at most this many skip_connect edges in the derived normal cell (default: no cap)", minimum: 0),
        ],
    });

    // The recurrent supernet: DARTS's batch 256 and weight decay 5e-7; plain SGD, as the reference.
    private static SettingGroup RecurrentTraining { get; } = LanguageTrainingSettings.Group
        .Without("asgd", "asgd_after", "nonmono")
        .WithDefaults(("batch_size", 256), ("weight_decay", 5e-7));

    // SNAS's annealed Gumbel-softmax temperatures, over image and recurrent supernets alike.
    private static Setting[] Temperatures { get; } =
    [
        Setting.Real("temperature_start", 1.0, "Gumbel-softmax temperature of the first epoch", positive: true, advanced: true),
        Setting.Real("temperature_end", 0.03, "Gumbel-softmax temperature of the last epoch", positive: true, advanced: true),
    ];

    // Alpha's Adam as the DARTS recurrent search; SNAS adds its temperatures (no resource penalty: every edge of the
    // recurrent cell has the same weights whatever its op).
    private static SettingGroup RecurrentGroup(string name, OneShotMethod method) => new("darts", name, [
        Setting.Real("alpha_learning_rate", 3e-3, "Adam learning rate of alpha", positive: true, advanced: true),
        Setting.Real("alpha_weight_decay", 1e-3, "Adam weight decay of alpha", minimum: 0, advanced: true),
        .. method == OneShotMethod.Snas ? Temperatures : [],
    ]);

    /// <inheritdoc/>
    public override ISearch Create(SearchRequest request, SpaceCatalog spaces)
    {
        var r = ResolvedRequest.Resolve(this, request, spaces);
        var configuration = r.Configuration();
        configuration["runtime"] = RuntimeFacts.Describe();
        return r.Kind.Task == SpaceTask.Language ? RecurrentDartsSearch.Create(r, _method, configuration) : OneShotSearch.Create(r, _method, configuration);
    }
}
