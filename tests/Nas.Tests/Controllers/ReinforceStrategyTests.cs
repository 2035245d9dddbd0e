using Nas.Evaluation;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Tests.Strategies;
using Nas.Torch.Controllers;
using TorchSharp;

namespace Nas.Tests.Controllers;

public sealed class ReinforceStrategyTests
{
    private static readonly ReinforceOptions Small = new(new ControllerOptions(HiddenSize: 16), LearningRate: 0.01, EntropyWeight: 0);

    private static TrialOutcome Scored(double score, params double[] curve) => TrialOutcome.Completed(new TrialMetrics(score, 1 - score, 0, 0, 0,
        curve.Select((a, i) => new EpochMetrics(i + 1, 0, 0, 0, a, 0, 0)).ToArray()));

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(0.0, false)]
    public void OneUpdate_MovesTheLogProbabilityWithTheSignOfTheAdvantage(double reward, bool rises)
    {
        using var strategy = new ReinforceStrategy(TestSpaces.FlatWithSubset(), seed: 4, Small);
        strategy.Tell(strategy.Ask()!, Scored(0.5)); // the first result sets the baseline to 0.5
        Assert.Equal(0.5, strategy.Baseline);

        var proposal = strategy.Ask()!;
        double before = strategy.Controller.LogProbability(proposal.Architecture);
        strategy.Tell(proposal, Scored(reward)); // advantage = reward - 0.5
        double after = strategy.Controller.LogProbability(proposal.Architecture);
        Assert.Equal(rises, after > before);
        Assert.True(Math.Abs(after - before) > 1e-3);
    }

    [Fact]
    public void Loss_IsMinusAdvantageTimesLogProbability_MinusEntropyBonus_PlusSkipPenalty()
    {
        using var scope = torch.NewDisposeScope();
        var logp = torch.tensor(-2.0, requires_grad: true);
        var entropy = torch.tensor(1.5, requires_grad: true);
        var kl = torch.tensor(0.25, requires_grad: true);
        var loss = PolicyGradientLoss.Of(new PolicyTerms(logp, entropy, kl), advantage: 0.3, entropyWeight: 0.1, skipWeight: 0.8);
        Assert.Equal(0.3 * 2.0 - 0.1 * 1.5 + 0.8 * 0.25, loss.item<double>(), 10);
        loss.backward();
        Assert.Equal(-0.3, logp.grad!.item<double>(), 10); // gradient descent raises log p when the advantage is positive
        Assert.Equal(-0.1, entropy.grad!.item<double>(), 10);
        Assert.Equal(0.8, kl.grad!.item<double>(), 10);
    }

    [Fact]
    public void ResultsInAnyOrder_UpdateOncePerBatch_AndFailuresCountAsZero()
    {
        using var strategy = new ReinforceStrategy(TestSpaces.Flat(), seed: 1, Small with { BatchSize = 2 });
        var recorded = new List<ControllerStep>();
        strategy.StepCompleted += recorded.Add;
        var asked = Enumerable.Range(0, 5).Select(_ => strategy.Ask()!).ToArray();
        Assert.Equal(5, strategy.Outstanding);

        strategy.Tell(asked[3], Scored(0.8));
        strategy.Tell(asked[1], TrialOutcome.Failed("diverged"));
        strategy.Tell(asked[4], Scored(0.6));
        strategy.Tell(asked[0], Scored(0.2));
        strategy.Tell(asked[2], Scored(0.9));

        Assert.Equal(0, strategy.Outstanding);
        Assert.Equal(1, strategy.Waiting);
        Assert.Equal(2, strategy.Steps.Count);
        Assert.Equal(recorded, strategy.Steps);
        Assert.Equal(new ControllerStep(1, 0.4, 0.4, recorded[0].Entropy), recorded[0]); // the first batch sets the baseline
        Assert.Equal(0.4, recorded[1].MeanReward, 10);
        Assert.Equal(0.95 * (0.95 * 0.4 + 0.05 * 0.6) + 0.05 * 0.2, recorded[1].Baseline, 10);
        Assert.True(recorded[0].Entropy > 0);
        Assert.Throws<ArgumentException>(() => strategy.Tell(asked[2], Scored(0.9)));
    }

    [Fact]
    public void NasRlReward_IsTheBestOfTheLastEpochsCubed()
    {
        using var strategy = new ReinforceStrategy(TestSpaces.Flat(), seed: 1, Small with { Reward = ControllerReward.MaxRecentAccuracyCubed, RewardEpochs = 2 });
        Assert.Equal(Math.Pow(0.8, 3), strategy.RewardOf(Scored(0.7, 0.5, 0.9, 0.6, 0.8, 0.7)), 12);
        Assert.Equal(Math.Pow(0.7, 3), strategy.RewardOf(Scored(0.7)), 12);
        Assert.Equal(0, strategy.RewardOf(TrialOutcome.Failed("out of memory")));
        using var plain = new ReinforceStrategy(TestSpaces.Flat(), seed: 1, Small);
        Assert.Equal(0.7, plain.RewardOf(Scored(0.7, 0.5, 0.9)));
    }

    [Fact]
    public void AskAndTell_LeaveNoTensorsBehind()
    {
        var space = MacroSpace.Create(new MacroSpaceOptions(Layers: 4));
        using var strategy = new ReinforceStrategy(space, seed: 2, Small with { BatchSize = 2, Controller = new ControllerOptions(HiddenSize: 16, SkipWeight: 0.8, TanhConstant: 1.5) });
        strategy.Tell(strategy.Ask()!, Scored(0.5));
        strategy.Tell(strategy.Ask()!, Scored(0.6)); // first update done, so any lazily made optimiser state exists
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 10; i++)
        {
            var a = strategy.Ask()!;
            var b = strategy.Ask()!;
            strategy.Tell(b, Scored(0.1 * i % 1));
            strategy.Tell(a, TrialOutcome.Failed("x"));
        }
        Assert.Equal(11, strategy.Steps.Count);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void SameSeed_SameProposals()
    {
        static List<string> Run(int seed)
        {
            var space = TestSpaces.Dependent();
            using var strategy = new ReinforceStrategy(space, seed, Small);
            var target = TestSpaces.Target(space, 0);
            var keys = new List<string>();
            for (int i = 0; i < 30; i++)
            {
                var p = strategy.Ask()!;
                keys.Add(p.Architecture.Key);
                strategy.Tell(p, Scored(1.0 / (1 + TestSpaces.Differences(p.Architecture, target))));
            }
            return keys;
        }
        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }

    [Fact]
    public void ExportedState_ResumesExactly_WithProposalsOutAndResultsWaiting()
    {
        var space = MacroSpace.Create(new MacroSpaceOptions(Layers: 3));
        var options = Small with { BatchSize = 3, Controller = new ControllerOptions(HiddenSize: 8, SkipWeight: 0.8) };
        var target = TestSpaces.Target(space, 1);
        double Score(Proposal p) => TestSpaces.Agreement(p.Architecture, target);
        using var original = new ReinforceStrategy(space, seed: 5, options);
        for (int i = 0; i < 7; i++) { var p = original.Ask()!; original.Tell(p, Scored(Score(p))); }
        var outstanding = original.Ask()!; // one out, one result waiting for its batch

        string json = original.ExportState();
        using var resumed = new ReinforceStrategy(space, seed: 77, options);
        resumed.ImportState(json);
        Assert.Equal(json, resumed.ExportState());
        Assert.Equal(1, resumed.Waiting);
        Assert.Equal(1, resumed.Outstanding);

        original.Tell(outstanding, Scored(0.5));
        resumed.Tell(outstanding, Scored(0.5));
        for (int i = 0; i < 6; i++)
        {
            var a = original.Ask()!;
            var b = resumed.Ask()!;
            Assert.Equal(a, b);
            original.Tell(a, Scored(Score(a)));
            resumed.Tell(b, Scored(Score(b)));
        }
        Assert.Equal(original.Steps, resumed.Steps);
        Assert.Equal(original.ExportState(), resumed.ExportState());
        Assert.Throws<NasUserException>(() => new ReinforceStrategy(space, 5, options with { LearningRate = 0.5 }).ImportState(json));
    }
}
