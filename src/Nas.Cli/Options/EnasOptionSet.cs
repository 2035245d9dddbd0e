using System.CommandLine;
using Nas.Torch.Controllers;
using Nas.Torch.Enas;

namespace Nas.Cli.Options;

/// <summary>The options of <c>nas search --strategy enas</c>; an unset one takes ENAS's default for the space.</summary>
internal sealed class EnasOptionSet
{
    private readonly StrategyOptionSet _shared;

    /// <param name="shared">The controller options shared with reinforce (--controller-lr, --tanh-constant, ...).</param>
    public EnasOptionSet(StrategyOptionSet shared) => _shared = shared;

    public Option<int?> Channels { get; } = OptionFactory.Optional<int>("--channels", "enas: C of the shared graph (default 20 for enas-cell, 36 for enas-macro, as ENAS)").AtLeast(2);
    public Option<int> NormalCells { get; } = OptionFactory.Create("--normal-cells", "enas, enas-cell: normal cells per stage, 3N+2 cells in all", 2).AtLeast(1);
    public Option<int?> SharedSteps { get; } = OptionFactory.Optional<int>("--shared-steps", "enas: shared-weight minibatches per epoch (default: one pass over the training split)").AtLeast(1);
    public Option<int?> ControllerSteps { get; } = OptionFactory.Optional<int>("--controller-steps", "enas: controller updates per epoch (default 30 for enas-cell, 50 for enas-macro)").AtLeast(1);
    public Option<int> ValidationBatch { get; } = OptionFactory.Create("--validation-batch", "enas: validation examples a reward is measured on", 128).AtLeast(1);
    public Option<int> FinalSamples { get; } = OptionFactory.Create("--final-samples", "enas: children sampled and scored at the end; the best is kept", 10).AtLeast(1);

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Channels, NormalCells, SharedSteps, ControllerSteps, ValidationBatch, FinalSamples })
            command.Options.Add(o);
    }

    /// <summary>The search settings, the space's ENAS defaults filling what was not given.</summary>
    public EnasSearchOptions Search(ParseResult r, bool micro) => new EnasSearchOptions(
        r.GetValue(Channels) ?? (micro ? 20 : 36), r.GetValue(NormalCells), r.GetValue(SharedSteps),
        r.GetValue(ControllerSteps) ?? (micro ? 30 : 50), r.GetValue(ValidationBatch), r.GetValue(FinalSamples)).Validated();

    /// <summary>The controller settings, the space's ENAS defaults filling what was not given.</summary>
    public EnasControllerOptions Controller(ParseResult r, bool micro)
    {
        var x = _shared;
        x.CheckShared(r);
        var d = micro ? EnasControllerOptions.ForMicro() : EnasControllerOptions.ForMacro();
        var sampling = d.Sampling with
        {
            HiddenSize = r.GetValue(x.ControllerHidden) ?? 64,
            TanhConstant = r.GetValue(x.TanhConstant) ?? d.Sampling.TanhConstant,
            Temperature = r.GetValue(x.Temperature) ?? d.Sampling.Temperature,
            SkipWeight = r.GetValue(x.SkipWeight) ?? d.Sampling.SkipWeight,
            SkipTarget = r.GetValue(x.SkipTarget),
        };
        return new EnasControllerOptions(sampling, r.GetValue(x.ControllerLearningRate) ?? d.LearningRate, r.GetValue(x.BaselineDecay) ?? 0.99, r.GetValue(x.EntropyWeight)).Validated();
    }

}
