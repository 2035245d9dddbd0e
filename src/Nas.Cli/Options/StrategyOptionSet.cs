using System.CommandLine;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Torch.Controllers;

namespace Nas.Cli.Options;

/// <summary>
/// <c>--strategy</c> and the settings of the multi-trial strategies: the NAS-RL controller (REINFORCE) and
/// regularized evolution. Defaults: ENAS's controller settings, Real et al.'s P and S.
/// </summary>
internal sealed class StrategyOptionSet
{
    public const string Known = "random, reinforce, evolution, enas (enas-cell or enas-macro space), darts, darts-2nd, snas (darts-cell space)";

    public Option<string> Strategy { get; } = OptionFactory.Create("--strategy", $"Search strategy: {Known}", "random");
    public Option<double?> ControllerLearningRate { get; } = OptionFactory.Optional<double>("--controller-lr", "reinforce, enas: Adam learning rate of the controller (default 3.5e-4 reinforce; enas 3.5e-3 enas-cell, 1e-3 enas-macro)").Positive();
    public Option<int?> ControllerHidden { get; } = OptionFactory.Optional<int>("--controller-hidden", "reinforce, enas: LSTM size of the controller (default 100 reinforce, 64 enas)").AtLeast(1);
    public Option<int> Replicas { get; } = OptionFactory.Create("--replicas", "reinforce: K controller replicas sharing one set of parameters, each with its own batch of --controller-batch children (NAS-RL's parameter server)", 1).AtLeast(1);
    public Option<string?> DepthSchedule { get; } = OptionFactory.OptionalText("--depth-schedule", "reinforce, macro space: START:STEP:EVERY, start with START layers and add STEP every EVERY samples up to --layers (NAS-RL: 6:2:1600)");
    public Option<int> ControllerBatch { get; } = OptionFactory.Create("--controller-batch", "reinforce: m, results per controller update", 1).AtLeast(1);
    public Option<double?> BaselineDecay { get; } = OptionFactory.Optional<double>("--baseline-decay", "reinforce, enas: decay of the moving-average reward baseline, in [0, 1) (default 0.95 reinforce, 0.99 enas)").NonNegative();
    public Option<double> EntropyWeight { get; } = OptionFactory.Create("--entropy-weight", "reinforce, enas: weight of the entropy bonus", 1e-4).NonNegative();
    public Option<string> Reward { get; } = OptionFactory.Create("--reward", "reinforce: val (validation accuracy) or max-cubed (NAS-RL: max validation accuracy of the last 5 epochs, cubed)", "val");
    public Option<double?> TanhConstant { get; } = OptionFactory.Optional<double>("--tanh-constant", "reinforce, enas: c in c*tanh(logits) (default none for reinforce; enas 1.1 enas-cell, 1.5 enas-macro)").Positive();
    public Option<double?> Temperature { get; } = OptionFactory.Optional<double>("--temperature", "reinforce, enas: logits divided by this before the tanh (default none; enas-cell 5)").Positive();
    public Option<double?> SkipWeight { get; } = OptionFactory.Optional<double>("--skip-weight", "reinforce, enas: weight of the KL penalty towards --skip-target on skip connections (default 0; enas-macro 0.8)").NonNegative();
    public Option<double> SkipTarget { get; } = OptionFactory.Create("--skip-target", "reinforce, enas: target density of skip connections, in (0, 1)", 0.4).Positive();
    public Option<int> Population { get; } = OptionFactory.Create("--population", "evolution: P, the population size (also the number of random trials that start it)", 100).AtLeast(2);
    public Option<int> Tournament { get; } = OptionFactory.Create("--tournament", "evolution: S, members drawn for each tournament", 25).AtLeast(1);

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Strategy, ControllerLearningRate, ControllerHidden, Replicas, DepthSchedule, ControllerBatch, BaselineDecay, EntropyWeight, Reward, TanhConstant, Temperature, SkipWeight, SkipTarget, Population, Tournament })
            command.Options.Add(o);
    }

    public string Name(ParseResult r) => r.GetValue(Strategy)!.ToLowerInvariant();

    /// <summary>The strategy named by <c>--strategy</c>, with its settings; validated, errors name the option.</summary>
    public IStrategy Create(ParseResult r, SearchSpace space, int seed) => Name(r) switch
    {
        "random" => new RandomSearch(space, seed),
        "reinforce" when r.GetValue(Replicas) > 1 => r.GetValue(DepthSchedule) is null
            ? new ReinforceReplicas(space, seed, Reinforce(r), r.GetValue(Replicas))
            : throw new NasUserException("--depth-schedule works with one controller (--replicas 1)"),
        "reinforce" => Controller(r, space, seed),
        "evolution" => new RegularizedEvolution(space, seed, Evolution(r)),
        var other => throw new NasUserException($"--strategy: unknown strategy '{other}' (known: {Known}; one-shot strategies come with their own spaces)"),
    };

    private ReinforceStrategy Controller(ParseResult r, SearchSpace space, int seed)
    {
        if (r.GetValue(DepthSchedule) is not { } text) return new ReinforceStrategy(space, seed, Reinforce(r));
        if (space.Name != Nas.Spaces.Macro.MacroSpace.Name) throw new NasUserException($"--depth-schedule works on the macro space, not {space.Name}");
        var full = Nas.Spaces.Macro.MacroSpaceOptions.FromJson(space.Settings);
        var schedule = Nas.Torch.Controllers.DepthSchedule.Parse(text);
        if (schedule.Start > full.Layers) throw new NasUserException($"--depth-schedule: START {schedule.Start} is more than --layers {full.Layers}");
        return new ReinforceStrategy(space, seed, Reinforce(r)) { Depth = schedule, SpaceAtDepth = d => Nas.Spaces.Macro.MacroSpace.AtDepth(full, d) };
    }

    public ReinforceOptions Reinforce(ParseResult r)
    {
        CheckShared(r);
        var reward = r.GetValue(Reward)!.ToLowerInvariant() switch
        {
            "val" or "accuracy" => ControllerReward.ValidationAccuracy,
            "max-cubed" => ControllerReward.MaxRecentAccuracyCubed,
            var other => throw new NasUserException($"--reward: unknown reward '{other}' (known: val, max-cubed)"),
        };
        var controller = new ControllerOptions(HiddenSize: r.GetValue(ControllerHidden) ?? 100, Temperature: r.GetValue(Temperature),
            TanhConstant: r.GetValue(TanhConstant), SkipTarget: r.GetValue(SkipTarget), SkipWeight: r.GetValue(SkipWeight) ?? 0);
        return new ReinforceOptions(controller, r.GetValue(ControllerLearningRate) ?? 3.5e-4, r.GetValue(BaselineDecay) ?? 0.95, r.GetValue(EntropyWeight),
            BatchSize: r.GetValue(ControllerBatch), Reward: reward).Validated();
    }

    /// <summary>Range checks of the controller options that reinforce and enas share.</summary>
    public void CheckShared(ParseResult r)
    {
        if (r.GetValue(BaselineDecay) >= 1) throw new NasUserException($"--baseline-decay must be below 1, got {r.GetValue(BaselineDecay)}");
        if (r.GetValue(SkipTarget) >= 1) throw new NasUserException($"--skip-target must be below 1, got {r.GetValue(SkipTarget)}");
    }

    public RegularizedEvolutionOptions Evolution(ParseResult r)
    {
        if (r.GetValue(Tournament) > r.GetValue(Population))
            throw new NasUserException($"--tournament ({r.GetValue(Tournament)}) must not exceed --population ({r.GetValue(Population)})");
        return new RegularizedEvolutionOptions(r.GetValue(Population), r.GetValue(Tournament)).Validated();
    }

    /// <summary>The strategy settings as plain values, for the recorded configuration.</summary>
    public object Describe(ParseResult r) => Name(r) switch
    {
        "reinforce" => new { name = "reinforce", settings = Reinforce(r), replicas = r.GetValue(Replicas), depth_schedule = r.GetValue(DepthSchedule) },
        "evolution" => new { name = "evolution", settings = (object)Evolution(r) },
        var n => new { name = n, settings = (object)new { } },
    };
}
