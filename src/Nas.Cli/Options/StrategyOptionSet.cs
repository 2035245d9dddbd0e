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
    public const string Known = "random, reinforce, evolution";

    public Option<string> Strategy { get; } = OptionFactory.Create("--strategy", $"Search strategy: {Known}", "random");
    public Option<double> ControllerLearningRate { get; } = OptionFactory.Create("--controller-lr", "reinforce: Adam learning rate of the controller", 3.5e-4).Positive();
    public Option<int> ControllerBatch { get; } = OptionFactory.Create("--controller-batch", "reinforce: m, results per controller update", 1).AtLeast(1);
    public Option<double> BaselineDecay { get; } = OptionFactory.Create("--baseline-decay", "reinforce: decay of the moving-average reward baseline", 0.95).NonNegative();
    public Option<double> EntropyWeight { get; } = OptionFactory.Create("--entropy-weight", "reinforce: weight of the entropy bonus", 1e-4).NonNegative();
    public Option<string> Reward { get; } = OptionFactory.Create("--reward", "reinforce: val (validation accuracy) or max-cubed (NAS-RL: max validation accuracy of the last 5 epochs, cubed)", "val");
    public Option<double?> TanhConstant { get; } = OptionFactory.Optional<double>("--tanh-constant", "reinforce: c in c*tanh(logits) (ENAS macro 1.5, micro 2.5; default none)");
    public Option<double?> Temperature { get; } = OptionFactory.Optional<double>("--temperature", "reinforce: logits divided by this before the tanh (ENAS micro 5; default none)");
    public Option<double> SkipWeight { get; } = OptionFactory.Create("--skip-weight", "reinforce: weight of the KL penalty towards --skip-target on skip connections (ENAS 0.8)", 0.0).NonNegative();
    public Option<double> SkipTarget { get; } = OptionFactory.Create("--skip-target", "reinforce: target density of skip connections", 0.4).Positive();
    public Option<int> Population { get; } = OptionFactory.Create("--population", "evolution: P, the population size (also the number of random trials that start it)", 100).AtLeast(2);
    public Option<int> Tournament { get; } = OptionFactory.Create("--tournament", "evolution: S, members drawn for each tournament", 25).AtLeast(1);

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Strategy, ControllerLearningRate, ControllerBatch, BaselineDecay, EntropyWeight, Reward, TanhConstant, Temperature, SkipWeight, SkipTarget, Population, Tournament })
            command.Options.Add(o);
    }

    public string Name(ParseResult r) => r.GetValue(Strategy)!.ToLowerInvariant();

    /// <summary>The strategy named by <c>--strategy</c>, with its settings; validated, errors name the option.</summary>
    public IStrategy Create(ParseResult r, SearchSpace space, int seed) => Name(r) switch
    {
        "random" => new RandomSearch(space, seed),
        "reinforce" => new ReinforceStrategy(space, seed, Reinforce(r)),
        "evolution" => new RegularizedEvolution(space, seed, Evolution(r)),
        var other => throw new NasUserException($"--strategy: unknown strategy '{other}' (known: {Known}; one-shot strategies come with their own spaces)"),
    };

    public ReinforceOptions Reinforce(ParseResult r)
    {
        if (r.GetValue(BaselineDecay) >= 1) throw new NasUserException($"--baseline-decay must be below 1, got {r.GetValue(BaselineDecay)}");
        if (r.GetValue(SkipTarget) >= 1) throw new NasUserException($"--skip-target must be below 1, got {r.GetValue(SkipTarget)}");
        if (r.GetValue(TanhConstant) is <= 0) throw new NasUserException($"--tanh-constant must be positive, got {r.GetValue(TanhConstant)}");
        if (r.GetValue(Temperature) is <= 0) throw new NasUserException($"--temperature must be positive, got {r.GetValue(Temperature)}");
        var reward = r.GetValue(Reward)!.ToLowerInvariant() switch
        {
            "val" or "accuracy" => ControllerReward.ValidationAccuracy,
            "max-cubed" => ControllerReward.MaxRecentAccuracyCubed,
            var other => throw new NasUserException($"--reward: unknown reward '{other}' (known: val, max-cubed)"),
        };
        var controller = new ControllerOptions(Temperature: r.GetValue(Temperature), TanhConstant: r.GetValue(TanhConstant),
            SkipTarget: r.GetValue(SkipTarget), SkipWeight: r.GetValue(SkipWeight));
        return new ReinforceOptions(controller, r.GetValue(ControllerLearningRate), r.GetValue(BaselineDecay), r.GetValue(EntropyWeight),
            BatchSize: r.GetValue(ControllerBatch), Reward: reward).Validated();
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
        "reinforce" => new { name = "reinforce", settings = Reinforce(r) },
        "evolution" => new { name = "evolution", settings = (object)Evolution(r) },
        var n => new { name = n, settings = (object)new { } },
    };
}
