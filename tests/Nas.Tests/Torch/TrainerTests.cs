using Nas.Evaluation;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Evaluation;
using Nas.Torch.Networks.Macro;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

public class TrainerTests
{
    private static readonly TrainingOptions Quick = new() { Epochs = 3, BatchSize = 32, LearningRate = 0.05, Seed = 3 };

    private static MacroNetwork SmallNetwork(int seed)
    {
        var space = MacroSpace.Create(new MacroSpaceOptions(Layers: 2, FilterCounts: new[] { 8 }, FilterSizes: new[] { 3 }));
        torch.manual_seed(seed);
        return new MacroNetwork(MacroSpace.Decode(ArchitectureSampler.Sample(space, new Random(seed))), 1, 12, 12, 2);
    }

    [Fact]
    public void Learns_a_small_generated_problem()
    {
        using var train = TinyData.LeftRight(512, 1);
        using var validation = TinyData.LeftRight(256, 2);
        using var net = SmallNetwork(1);
        var trainer = new Trainer(Quick);
        var before = trainer.Evaluate(net, validation);
        var result = trainer.Train(net, train, validation);
        Assert.Equal(3, result.Epochs.Count);
        Assert.True(result.Last.ValidationAccuracy >= 0.95, $"validation accuracy {result.Last.ValidationAccuracy}");
        Assert.True(result.Last.TrainLoss < result.Epochs[0].TrainLoss);
        Assert.True(before.Accuracy < 0.9);
    }

    [Fact]
    public void Same_seed_gives_the_same_run()
    {
        using var train = TinyData.LeftRight(256, 1);
        using var validation = TinyData.LeftRight(64, 2);
        var runs = new List<TrainingResult>();
        foreach (int _ in new[] { 0, 1 })
        {
            using var net = SmallNetwork(5);
            runs.Add(new Trainer(Quick with { Epochs = 2, CropPadding = 1, HorizontalFlip = true, Cutout = 3 }).Train(net, train, validation));
        }
        Assert.Equal(runs[0].Epochs.Select(e => e.TrainLoss), runs[1].Epochs.Select(e => e.TrainLoss));
        Assert.Equal(runs[0].Epochs.Select(e => e.ValidationLoss), runs[1].Epochs.Select(e => e.ValidationLoss));
    }

    [Fact]
    public void A_run_stopped_after_an_epoch_and_resumed_from_its_checkpoint_ends_with_the_same_weights()
    {
        using var train = TinyData.LeftRight(256, 1);
        using var validation = TinyData.LeftRight(64, 2);
        var recipe = Quick with { Epochs = 3, CropPadding = 1, HorizontalFlip = true, Cutout = 3 };
        var dir = Directory.CreateTempSubdirectory("nas-ckpt-").FullName;
        try
        {
            using var whole = SmallNetwork(5);
            var straight = new Trainer(recipe).Train(whole, train, validation);

            var checkpoint = new TrainingCheckpoint(Path.Combine(dir, "checkpoint"), "recipe-a");
            using (var first = SmallNetwork(5))
            {
                using var stop = new CancellationTokenSource();
                var stopAfterOne = new Progress(p => { if (p.FinishedEpoch is { Epoch: 1 }) stop.Cancel(); });
                Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(recipe).Train(first, train, validation, stopAfterOne, stop.Token, checkpoint));
            }
            Assert.Equal(1, checkpoint.SavedEpochs);
            torch.manual_seed(999); // a new process: the global generator is wherever it is; the checkpoint restores it
            using var resumed = SmallNetwork(77); // other initial weights, replaced by the checkpoint's
            var rest = new Trainer(recipe).Train(resumed, train, validation, null, default, checkpoint);

            Assert.Equal(straight.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)), rest.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)));
            foreach (var (a, b) in whole.parameters().Zip(resumed.parameters())) Assert.True(a.equal(b).all().item<bool>());
            Assert.Contains("other settings", Assert.Throws<NasUserException>(() => new TrainingCheckpoint(checkpoint.Directory, "recipe-b").SavedEpochs).Message);

            // Without a validation split (nas train) the epochs carry NaN validation figures, which the checkpoint keeps.
            var bare = new TrainingCheckpoint(Path.Combine(dir, "bare"), "recipe-c");
            using var net = SmallNetwork(6);
            new Trainer(recipe with { Epochs = 1 }).Train(net, train, null, null, default, bare);
            Assert.Equal(1, bare.SavedEpochs);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_damaged_checkpoint_is_refused_with_the_file_named_instead_of_crashing()
    {
        using var train = TinyData.LeftRight(64, 1);
        var recipe = Quick with { Epochs = 2 };
        var dir = ExactAssert.TemporaryDirectory("nas-ckpt-damaged-");
        try
        {
            var checkpoint = new TrainingCheckpoint(Path.Combine(dir, "checkpoint"), "recipe");
            void TrainOneEpoch()
            {
                checkpoint.Delete();
                using var net = SmallNetwork(5);
                new Trainer(recipe with { Epochs = 1 }).Train(net, train, null, null, default, checkpoint);
            }
            NasUserException Resume()
            {
                using var net = SmallNetwork(5);
                return Assert.Throws<NasUserException>(() => new Trainer(recipe).Train(net, train, null, null, default, checkpoint));
            }

            TrainOneEpoch();
            ExactAssert.Truncate(Path.Combine(checkpoint.Directory, "model.bin"));
            Assert.Contains(Path.Combine(checkpoint.Directory, "model.bin"), Resume().Message);

            TrainOneEpoch();
            File.WriteAllBytes(Path.Combine(checkpoint.Directory, "global.rng"), new byte[16]); // libtorch aborts the process on such a state
            Assert.Contains(Path.Combine(checkpoint.Directory, "global.rng"), Resume().Message);

            TrainOneEpoch();
            File.Delete(Path.Combine(checkpoint.Directory, "optimizer.bin"));
            Assert.Contains(Path.Combine(checkpoint.Directory, "optimizer.bin"), Resume().Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Fact]
    public void A_diverging_run_fails_with_a_clear_reason()
    {
        using var train = TinyData.LeftRight(128, 1);
        using var net = SmallNetwork(2);
        var e = Assert.Throws<TrainingDivergedException>(() =>
            new Trainer(Quick with { LearningRate = 1e30, GradientClip = 0, Epochs = 2 }).Train(net, train, null));
        Assert.Contains("diverged", e.Message);
    }

    [Fact]
    public async Task A_trial_leaves_no_live_tensors_behind()
    {
        using var train = TinyData.LeftRight(128, 1);
        using var validation = TinyData.LeftRight(64, 2);
        var space = MacroSpace.Create(new MacroSpaceOptions(Layers: 3, FilterCounts: new[] { 8, 12 }));
        var evaluator = new TrainingEvaluator(train, validation, Quick with { Epochs = 1 });
        var arch = ArchitectureSampler.Sample(space, new Random(1));
        await evaluator.EvaluateAsync(arch, new TrialContext(1, 1), CancellationToken.None); // warm-up: lazily created globals
        long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 2; i++)
        {
            var metrics = await evaluator.EvaluateAsync(ArchitectureSampler.Sample(space, new Random(i)), new TrialContext(i, i), CancellationToken.None);
            Assert.InRange(metrics.ValidationAccuracy, 0, 1);
        }
        Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
