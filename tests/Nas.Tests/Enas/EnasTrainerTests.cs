using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Tests.Torch;
using Nas.Torch.Enas;
using Nas.Torch.Training;
using TorchSharp;

namespace Nas.Tests.Enas;

public class EnasTrainerTests : IDisposable
{
    private readonly OneThread _thread = new();

    public void Dispose() => _thread.Dispose();

    private static readonly TrainingOptions Recipe = new() { Epochs = 4, BatchSize = 16, LearningRate = 0.05, Seed = 5 };

    private static EnasTrainer Trainer(SearchSpace space, Nas.Torch.Data.ImageDataset train, Nas.Torch.Data.ImageDataset validation, int steps = 24) =>
        new(space, train, validation, Recipe, new EnasSearchOptions(Channels: 4, NormalCells: 1, SharedSteps: steps, ControllerSteps: 4, ValidationBatchSize: 16, FinalSamples: 3));

    private static SearchSpace Macro() => EnasMacroSpace.Create(new EnasMacroSpaceOptions(Layers: 2, PoolAfter: Array.Empty<int>()));

    // Spaces so small that the first epoch's 48 children have used every op, so the optimisers' lazily made
    // state (a momentum buffer per parameter that had a gradient) is all there before counting.
    private static SearchSpace TinyMicro() => EnasCellSpace.Create(new CellSpaceOptions(1, new[] { CellOps.SkipConnect, CellOps.SepConv3x3 }));
    private static SearchSpace TinyMacro() => EnasMacroSpace.Create(new EnasMacroSpaceOptions(Layers: 1));

    public static TheoryData<string> Spaces => new() { EnasCellSpace.Name, EnasMacroSpace.Name };

    [Theory]
    [MemberData(nameof(Spaces))]
    public void An_epoch_leaves_the_live_tensor_count_where_it_was(string name)
    {
        using var train = TinyData.LeftRight(96, seed: 1);
        using var validation = TinyData.LeftRight(48, seed: 2);
        using var trainer = Trainer(name == EnasCellSpace.Name ? TinyMicro() : TinyMacro(), train, validation, steps: 48);
        trainer.RunEpoch();
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var second = trainer.RunEpoch();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        trainer.RunEpoch();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(2, second.Epoch);
        Assert.Equal(48, second.SharedSteps);
        Assert.True(double.IsFinite(second.SharedLoss));
        Assert.InRange(second.MeanReward, 0, 1);
        Assert.InRange(second.BestReward, second.MeanReward, 1);
    }

    [Fact]
    public void The_shared_weights_learn_and_a_seed_gives_the_same_search()
    {
        using var train = TinyData.LeftRight(96, seed: 1);
        using var validation = TinyData.LeftRight(48, seed: 2);
        EnasEpoch[] Run()
        {
            using var trainer = Trainer(Macro(), train, validation);
            var epochs = Enumerable.Range(0, 3).Select(_ => trainer.RunEpoch()).ToArray();
            var (best, accuracy, sampled) = trainer.Derive();
            Assert.Equal(3, sampled.Count);
            Assert.Equal(sampled.Max(s => s.Accuracy), accuracy);
            Assert.Equal(EnasMacroSpace.Name, best.Space.Name);
            return epochs;
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.Select(e => (e.SharedLoss, e.MeanReward, e.Baseline, e.BestChild)), b.Select(e => (e.SharedLoss, e.MeanReward, e.Baseline, e.BestChild)));
        // Left or right half bright: the shared graph fits it within a few dozen steps, so children beat chance.
        Assert.True(a[^1].SharedLoss < a[0].SharedLoss, $"shared loss {a[0].SharedLoss:F3} then {a[^1].SharedLoss:F3}");
        Assert.True(a[^1].MeanReward > 0.6, $"mean reward in the last epoch {a[^1].MeanReward:F3}");
    }

    [Fact]
    public void Other_spaces_are_refused_by_name()
    {
        using var train = TinyData.LeftRight(16, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => new EnasTrainer(MacroSpace.Create(), train, train, Recipe));
        Assert.Equal("space", e.ParamName);
        Assert.Contains("not macro", e.Message);
    }
}
