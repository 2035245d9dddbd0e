using System.Text.Json.Nodes;
using Nas.Search;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Torch.Controllers;
using Nas.Torch.Enas;

namespace Nas.Torch.Search;

/// <summary>
/// ENAS: children are paths through one shared graph, trained a minibatch each, and a controller learns from their
/// accuracy on validation minibatches. Searches enas-cell and enas-macro; the defaults are ENAS's for each
/// (<see cref="EnasControllerOptions.ForMicro"/>, <see cref="EnasControllerOptions.ForMacro"/>).
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

    /// <inheritdoc/>
    public override bool Supports(SpaceKind space, out string reason)
    {
        bool ok = space.Name is EnasCellSpace.Name or EnasMacroSpace.Name;
        reason = ok ? "" : $"must be {EnasCellSpace.Name} or {EnasMacroSpace.Name} for enas, not {space.Name}"
            + (space.Task == SpaceTask.Language ? " (ENAS over recurrent cells is not built yet)" : "");
        return ok;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<SettingGroup> Settings(SpaceKind space)
    {
        bool micro = space.Name == EnasCellSpace.Name;
        var controller = micro ? EnasControllerOptions.ForMicro() : EnasControllerOptions.ForMacro();
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
            new SettingGroup("controller", "Controller", [
                Setting.Real("learning_rate", controller.LearningRate, "Adam learning rate of the controller", positive: true),
                Setting.Integer("hidden", controller.Sampling.HiddenSize, "LSTM size of the controller", minimum: 1, advanced: true),
                Setting.Real("baseline_decay", controller.BaselineDecay, "decay of the moving-average reward baseline", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
                Setting.Real("entropy_weight", controller.EntropyWeight, "weight of the entropy bonus", minimum: 0, advanced: true),
                Setting.Real("tanh_constant", controller.Sampling.TanhConstant, "c in c*tanh(logits)", positive: true, advanced: true),
                Setting.Real("temperature", controller.Sampling.Temperature, "logits divided by this before the tanh", positive: true, advanced: true),
                Setting.Real("skip_weight", controller.Sampling.SkipWeight, "weight of the KL penalty towards the skip target", minimum: 0, advanced: true),
                Setting.Real("skip_target", controller.Sampling.SkipTarget, "target density of skip connections", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
            ]),
        ];
    }

    /// <inheritdoc/>
    public override ISearch Create(SearchRequest request, SpaceCatalog spaces)
    {
        var r = ResolvedRequest.Resolve(this, request, spaces);
        var configuration = r.Configuration();
        configuration["runtime"] = RuntimeFacts.Describe();
        var recipe = ImageTrainingSettings.Read(r["training"], r.Seed);
        var e = r["enas"];
        var options = new EnasSearchOptions(e.Integer("channels"), e.OptionalInteger("normal_cells") ?? 2, e.OptionalInteger("shared_steps"),
            e.Integer("controller_steps"), e.Integer("validation_batch"), e.Integer("final_samples")).Validated();
        var c = r["controller"];
        if (c.OptionalReal("skip_target") is 0) throw new SettingException(c.PathOf("skip_target"), "must be more than 0, got 0");
        var defaults = r.Space.Name == EnasCellSpace.Name ? EnasControllerOptions.ForMicro() : EnasControllerOptions.ForMacro();
        var controller = new EnasControllerOptions(defaults.Sampling with
        {
            HiddenSize = c.Integer("hidden"),
            TanhConstant = c.OptionalReal("tanh_constant"),
            Temperature = c.OptionalReal("temperature"),
            SkipWeight = c.Real("skip_weight"),
            SkipTarget = c.Real("skip_target"),
        }, c.Real("learning_rate"), c.Real("baseline_decay"), c.Real("entropy_weight")).Validated();
        return EnasSearch.Create(r, recipe, options, controller, configuration);
    }
}
