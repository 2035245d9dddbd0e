using System.CommandLine;
using Nas.Torch.Controllers;
using Nas.Torch.Enas;

namespace Nas.Cli.Options;

/// <summary>The options of <c>nas search --strategy enas</c>; an unset one takes ENAS's default for the space.</summary>
internal sealed class EnasOptionSet
{
    public Option<int?> Channels { get; } = OptionFactory.Optional<int>("--channels", "enas: C of the shared graph (default 20 for enas-cell, 36 for enas-macro, as ENAS)").AtLeast(2);
    public Option<int> NormalCells { get; } = OptionFactory.Create("--normal-cells", "enas, enas-cell: normal cells per stage, 3N+2 cells in all", 2).AtLeast(1);
    public Option<int?> SharedSteps { get; } = OptionFactory.Optional<int>("--shared-steps", "enas: shared-weight minibatches per epoch (default: one pass over the training split)").AtLeast(1);
    public Option<int?> ControllerSteps { get; } = OptionFactory.Optional<int>("--controller-steps", "enas: controller updates per epoch (default 30 for enas-cell, 50 for enas-macro)").AtLeast(1);
    public Option<int> ValidationBatch { get; } = OptionFactory.Create("--validation-batch", "enas: validation examples a reward is measured on", 128).AtLeast(1);
    public Option<int> FinalSamples { get; } = OptionFactory.Create("--final-samples", "enas: children sampled and scored at the end; the best is kept", 10).AtLeast(1);
    public Option<double?> ControllerLearningRate { get; } = Positive(OptionFactory.Optional<double>("--controller-lr", "enas: controller Adam learning rate (default 3.5e-3 enas-cell, 1e-3 enas-macro)"));
    public Option<double?> TanhConstant { get; } = Positive(OptionFactory.Optional<double>("--tanh-constant", "enas: c in c*tanh(logits) (default 1.1 enas-cell, 1.5 enas-macro)"));
    public Option<double?> Temperature { get; } = Positive(OptionFactory.Optional<double>("--temperature", "enas: logits are divided by it before the tanh (default 5 enas-cell, none enas-macro)"));
    public Option<double> EntropyWeight { get; } = OptionFactory.Create("--entropy-weight", "enas: weight of the controller's entropy bonus", 1e-4).NonNegative();
    public Option<double> BaselineDecay { get; } = OptionFactory.Create("--baseline-decay", "enas: decay of the reward baseline's moving average, in [0, 1)", 0.99).NonNegative();
    public Option<double?> SkipWeight { get; } = NonNegative(OptionFactory.Optional<double>("--skip-weight", "enas, enas-macro: weight of the skip-density penalty (default 0.8)"));
    public Option<double> SkipTarget { get; } = OptionFactory.Create("--skip-target", "enas, enas-macro: skip density the penalty pulls towards, in (0, 1)", 0.4).Positive();
    public Option<int> ControllerHidden { get; } = OptionFactory.Create("--controller-hidden", "enas: LSTM size of the controller", 64).AtLeast(1);

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Channels, NormalCells, SharedSteps, ControllerSteps, ValidationBatch, FinalSamples, ControllerLearningRate,
                     TanhConstant, Temperature, EntropyWeight, BaselineDecay, SkipWeight, SkipTarget, ControllerHidden })
            command.Options.Add(o);
    }

    /// <summary>The search settings, the space's ENAS defaults filling what was not given.</summary>
    public EnasSearchOptions Search(ParseResult r, bool micro) => new EnasSearchOptions(
        r.GetValue(Channels) ?? (micro ? 20 : 36), r.GetValue(NormalCells), r.GetValue(SharedSteps),
        r.GetValue(ControllerSteps) ?? (micro ? 30 : 50), r.GetValue(ValidationBatch), r.GetValue(FinalSamples)).Validated();

    /// <summary>The controller settings, the space's ENAS defaults filling what was not given.</summary>
    public EnasControllerOptions Controller(ParseResult r, bool micro)
    {
        if (r.GetValue(BaselineDecay) >= 1) throw new NasUserException($"--baseline-decay must be below 1, got {r.GetValue(BaselineDecay)}");
        if (r.GetValue(SkipTarget) >= 1) throw new NasUserException($"--skip-target must be below 1, got {r.GetValue(SkipTarget)}");
        var d = micro ? EnasControllerOptions.ForMicro() : EnasControllerOptions.ForMacro();
        var sampling = d.Sampling with
        {
            HiddenSize = r.GetValue(ControllerHidden),
            TanhConstant = r.GetValue(TanhConstant) ?? d.Sampling.TanhConstant,
            Temperature = r.GetValue(Temperature) ?? d.Sampling.Temperature,
            SkipWeight = r.GetValue(SkipWeight) ?? d.Sampling.SkipWeight,
            SkipTarget = r.GetValue(SkipTarget),
        };
        return new EnasControllerOptions(sampling, r.GetValue(ControllerLearningRate) ?? d.LearningRate, r.GetValue(BaselineDecay), r.GetValue(EntropyWeight)).Validated();
    }

    private static Option<double?> Positive(Option<double?> option)
    {
        option.Validators.Add(v =>
        {
            if (v.GetValueOrDefault<double?>() is { } x && !(x > 0)) v.AddError($"{option.Name} must be positive, got {x}");
        });
        return option;
    }

    private static Option<double?> NonNegative(Option<double?> option)
    {
        option.Validators.Add(v =>
        {
            if (v.GetValueOrDefault<double?>() is { } x && !(x >= 0)) v.AddError($"{option.Name} must not be negative, got {x}");
        });
        return option;
    }
}
