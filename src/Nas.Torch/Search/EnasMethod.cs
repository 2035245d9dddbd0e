using System.Text.Json.Nodes;
using Nas.Search;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Spaces.Recurrent;
using Nas.Torch.Controllers;
using Nas.Torch.Enas;

namespace Nas.Torch.Search;

/// <summary>
/// ENAS: children are paths through one shared graph, trained a minibatch each, and a controller learns from their
/// accuracy on validation minibatches. Searches enas-cell and enas-macro, and rnn-dag (a language model's recurrent
/// cell, rewarded 80 / validation perplexity); the defaults are ENAS's for each (<see cref="EnasControllerOptions.ForMicro"/>,
/// <see cref="EnasControllerOptions.ForMacro"/>, <see cref="EnasControllerOptions.ForRecurrent"/>).
/// </summary>
public sealed class EnasMethod : SearchMethod
{
    /// <summary>The method.</summary>
    public static EnasMethod Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "enas";

    /// <inheritdoc/>
    public override string Summary => "ENAS: children share the weights of one graph, a controller learns from their validation accuracy";

    /// <inheritdoc/>
    public override string Family => "weight sharing";

    /// <inheritdoc/>
    public override string DefaultSpace => EnasCellSpace.Name;

    /// <summary>The space named, else rnn-dag for a text data set and enas-cell for images.</summary>
    /// <param name="request">The request.</param>
    public override string SpaceOf(SearchRequest request) => request.Space ?? (TrialSearchMethod.TextDatasetGiven(request) ? RnnDagSpace.Name : DefaultSpace);

    /// <inheritdoc/>
    public override bool Supports(SpaceKind space, out string reason)
    {
        bool ok = space.Name is EnasCellSpace.Name or EnasMacroSpace.Name or RnnDagSpace.Name;
        reason = ok ? "" : $"must be {EnasCellSpace.Name}, {EnasMacroSpace.Name} or {RnnDagSpace.Name} for enas, not {space.Name}";
        return ok;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<SettingGroup> Settings(SpaceKind space)
    {
        if (space.Name == RnnDagSpace.Name) return RecurrentSettings;
        bool micro = space.Name == EnasCellSpace.Name;
        var controller = DefaultsFor(space.Name);
        var enas = new List<Setting>
        {
            Setting.Integer("channels", micro ? 20 : 36, "C of the shared graph (ENAS: 20 for its micro search, 36 for macro)", minimum: 2),
            Setting.Integer("shared_steps", null, "shared-weight minibatches per epoch, a fresh child each (default: one pass over the training split)", minimum: 1, advanced: true),
            Setting.Integer("controller_steps", micro ? 30 : 50, "controller updates per epoch, each on one child and one validation minibatch", minimum: 1),
            Setting.Integer("validation_batch", 128, "validation examples a reward is measured on", minimum: 1, advanced: true),
            Setting.Integer("final_samples", 10, "children sampled and scored at the end; the best is kept", minimum: 1),
        };
        if (micro) enas.Insert(1, Setting.Integer("normal_cells", 2, "normal cells per stage, 3N+2 cells in all", minimum: 1));
        return
        [
            ImageDataSettings.Group,
            ImageTrainingSettings.Group.Without(["crop_padding", "flip", "cutout", "auxiliary_weight", "drop_path", .. ImageTrainingSettings.RecipeKeys]),
            new SettingGroup("enas", "ENAS", enas),
            ControllerGroup(controller),
        ];
    }

    // ENAS-pytorch's Penn Treebank search: batch 64, windows of 35, SGD at 20 with clipping 0.25, weight decay 1e-7.
    private static IReadOnlyList<SettingGroup> RecurrentSettings { get; } =
    [
        TextDataSettings.Group,
        LanguageTrainingSettings.Group.Without("asgd", "asgd_after", "nonmono").WithDefaults(("batch_size", 64), ("weight_decay", 1e-7)),
        LanguageModelSettings.Group,
        new SettingGroup("enas", "ENAS", [
            Setting.Integer("controller_steps", 100, "controller updates per epoch, each on one child and one validation window (ENAS: 2000)", minimum: 1),
            Setting.Integer("final_samples", 100, "children sampled and scored on one validation window at each epoch's end; the best is the cell", minimum: 1),
            Setting.Real("reward_constant", 80, "c in the reward c / validation perplexity", positive: true, advanced: true),
        ]),
        ControllerGroup(DefaultsFor(RnnDagSpace.Name), skips: false),
    ];

    private static EnasControllerOptions DefaultsFor(string space) => space switch
    {
        EnasCellSpace.Name => EnasControllerOptions.ForMicro(),
        RnnDagSpace.Name => EnasControllerOptions.ForRecurrent(),
        _ => EnasControllerOptions.ForMacro(),
    };

    // The controller group as read, over the space's defaults (the recurrent group has no skip settings).
    private static EnasControllerOptions Controller(SettingValues c, EnasControllerOptions defaults)
    {
        if (c.OptionalReal("skip_target") is 0) throw new SettingException(c.PathOf("skip_target"), "must be more than 0, got 0");
        return new EnasControllerOptions(defaults.Sampling with
        {
            HiddenSize = c.Integer("hidden"),
            TanhConstant = c.OptionalReal("tanh_constant"),
            Temperature = c.OptionalReal("temperature"),
            SkipWeight = c.OptionalReal("skip_weight") ?? defaults.Sampling.SkipWeight,
            SkipTarget = c.OptionalReal("skip_target") ?? defaults.Sampling.SkipTarget,
        }, c.Real("learning_rate"), c.Real("baseline_decay"), c.Real("entropy_weight")).Validated();
    }

    private static SettingGroup ControllerGroup(EnasControllerOptions controller, bool skips = true) => new("controller", "Controller", [
        Setting.Real("learning_rate", controller.LearningRate, "Adam learning rate of the controller", positive: true),
        Setting.Integer("hidden", controller.Sampling.HiddenSize, "LSTM size of the controller", minimum: 1, advanced: true),
        Setting.Real("baseline_decay", controller.BaselineDecay, "decay of the moving-average reward baseline", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Real("entropy_weight", controller.EntropyWeight, "weight of the entropy bonus", minimum: 0, advanced: true),
        Setting.Real("tanh_constant", controller.Sampling.TanhConstant, "c in c*tanh(logits)", positive: true, advanced: true),
        Setting.Real("temperature", controller.Sampling.Temperature, "logits divided by this before the tanh", positive: true, advanced: true),
        .. skips ? new[]
        {
            Setting.Real("skip_weight", controller.Sampling.SkipWeight, "weight of the KL penalty towards the skip target", minimum: 0, advanced: true),
            Setting.Real("skip_target", controller.Sampling.SkipTarget, "target density of skip connections", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        } : [],
    ]);

    /// <inheritdoc/>
    public override ISearch Create(SearchRequest request, SpaceCatalog spaces)
    {
        var r = ResolvedRequest.Resolve(this, request, spaces);
        var configuration = r.Configuration();
        configuration["runtime"] = RuntimeFacts.Describe();
        var controller = Controller(r["controller"], DefaultsFor(r.Space.Name));
        if (r.Space.Name == RnnDagSpace.Name) return EnasRecurrentSearch.Create(r, controller, configuration);
        var recipe = ImageTrainingSettings.Read(r["training"], r.Seed);
        var e = r["enas"];
        var options = new EnasSearchOptions(e.Integer("channels"), e.OptionalInteger("normal_cells") ?? 2, e.OptionalInteger("shared_steps"),
            e.Integer("controller_steps"), e.Integer("validation_batch"), e.Integer("final_samples")).Validated();
        return EnasSearch.Create(r, recipe, options, controller, configuration);
    }
}
