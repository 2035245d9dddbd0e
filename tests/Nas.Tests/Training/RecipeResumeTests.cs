using Nas.Evaluation;
using Nas.Tests.Torch;
using Nas.Torch.Training;
using TorchSharp;

namespace Nas.Tests.Training;

public class RecipeResumeTests
{
    private static readonly TrainingOptions Recipe = new()
    {
        Epochs = 3, BatchSize = 32, LearningRate = 0.05, Seed = 3, CropPadding = 1, HorizontalFlip = true,
        Schedule = LearningRateSchedule.OneCycle, WarmupFraction = 0.3, Nesterov = true, LabelSmoothing = 0.1, EmaDecay = 0.9, TestTimeFlip = true,
    };

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    private static void StopAfterFirstEpoch(TrainingCheckpoint checkpoint, TinyDataSets data)
    {
        using var first = RecipeNetworks.Small(5);
        using var stop = new CancellationTokenSource();
        var stopAfterOne = new Progress(p => { if (p.FinishedEpoch is { Epoch: 1 }) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(Recipe).Train(first, data.Train, data.Validation, stopAfterOne, stop.Token, checkpoint));
        Assert.Equal(1, checkpoint.SavedEpochs);
    }

    private sealed class TinyDataSets : IDisposable
    {
        public Nas.Torch.Data.ImageDataset Train { get; } = TinyData.LeftRight(256, 1);
        public Nas.Torch.Data.ImageDataset Validation { get; } = TinyData.LeftRight(64, 2);
        public void Dispose() { Train.Dispose(); Validation.Dispose(); }
    }

    [Fact]
    public void A_run_with_every_addition_resumed_after_epoch_1_equals_the_unbroken_run_bit_for_bit()
    {
        using var data = new TinyDataSets();
        var dir = ExactAssert.TemporaryDirectory("nas-recipe-");
        try
        {
            using var whole = RecipeNetworks.Small(5);
            var straight = new Trainer(Recipe).Train(whole, data.Train, data.Validation);

            var checkpoint = new TrainingCheckpoint(Path.Combine(dir, "checkpoint"), "recipe");
            StopAfterFirstEpoch(checkpoint, data);
            Assert.True(File.Exists(Path.Combine(checkpoint.Directory, "ema.bin")));
            torch.manual_seed(999);
            using var resumed = RecipeNetworks.Small(77); // other weights, replaced by the checkpoint's
            var rest = new Trainer(Recipe).Train(resumed, data.Train, data.Validation, null, default, checkpoint);

            Assert.Equal(straight.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss, e.ValidationAccuracy)), rest.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss, e.ValidationAccuracy)));
            ExactAssert.SameState(whole, resumed);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("half")]
    [InlineData("random")]
    public void A_checkpoint_without_a_sound_weight_average_is_refused_in_one_line_naming_it(string damage)
    {
        using var data = new TinyDataSets();
        var dir = ExactAssert.TemporaryDirectory("nas-recipe-");
        try
        {
            var checkpoint = new TrainingCheckpoint(Path.Combine(dir, "checkpoint"), "recipe");
            StopAfterFirstEpoch(checkpoint, data);
            var path = Path.Combine(checkpoint.Directory, "ema.bin");
            switch (damage)
            {
                case "missing": File.Delete(path); break; // as a checkpoint written before weight averages
                case "half": ExactAssert.Truncate(path); break;
                case "random":
                    var bytes = File.ReadAllBytes(path);
                    new Random(1).NextBytes(bytes);
                    File.WriteAllBytes(path, bytes);
                    break;
            }
            using var resumed = RecipeNetworks.Small(5);
            var e = Assert.Throws<NasUserException>(() => new Trainer(Recipe).Train(resumed, data.Train, data.Validation, null, default, checkpoint));
            Assert.Contains(path, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}

public class EpochReplanTests
{
    // The final recipe's per-epoch cosine (no warm-up), with the weight average and augmentation.
    private static readonly TrainingOptions Recipe = new()
    {
        Epochs = 2, BatchSize = 32, LearningRate = 0.05, Seed = 4, CropPadding = 1, HorizontalFlip = true,
        Nesterov = true, LabelSmoothing = 0.1, EmaDecay = 0.9,
    };

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Fact]
    public void Re_planned_after_the_first_epoch_a_run_equals_one_planned_that_long_from_the_start_and_resumes_so()
    {
        using var train = TinyData.LeftRight(192, 1);
        using var whole = RecipeNetworks.Small(5);
        var straight = new Trainer(Recipe with { Epochs = 3 }).Train(whole, train, null);

        var dir = ExactAssert.TemporaryDirectory("nas-replan-");
        try
        {
            var checkpoint = new TrainingCheckpoint(Path.Combine(dir, "checkpoint"), "replan");
            var asked = new List<(int Done, double Planned)>();
            var totals = new List<int>();
            using var stop = new CancellationTokenSource();
            var stopAfterTwo = new Progress(p =>
            {
                if (p.FinishedEpoch is null) return;
                totals.Add(p.Epochs);
                if (p.FinishedEpoch.Epoch == 2) stop.Cancel();
            });
            using (var first = RecipeNetworks.Small(5))
                Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(Recipe).Train(first, train, null, stopAfterTwo, stop.Token, checkpoint,
                    (done, planned) => { asked.Add((done.Count, planned)); return done.Count == 1 ? 3 : planned; }));
            Assert.Equal([(1, 2), (2, 3)], asked);
            Assert.Equal([3, 3], totals); // the progress says the new total from the epoch that re-planned
            Assert.Equal(2, checkpoint.SavedEpochs);

            // Resumed by a trainer that knows only the first plan: the checkpoint holds the re-planned total.
            using var resumed = RecipeNetworks.Small(77);
            var rest = new Trainer(Recipe).Train(resumed, train, null, null, default, checkpoint);
            Assert.Equal(3, rest.Epochs.Count);
            Assert.Equal(straight.Epochs.Select(e => e.TrainLoss), rest.Epochs.Select(e => e.TrainLoss));
            ExactAssert.SameState(whole, resumed);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_re_plan_below_the_epochs_done_ends_the_run_there()
    {
        using var train = TinyData.LeftRight(96, 1);
        using var model = RecipeNetworks.Small(5);
        var result = new Trainer(Recipe with { Epochs = 4 }).Train(model, train, null, replan: (done, planned) => done.Count >= 2 ? 0 : planned);
        Assert.Equal(2, result.Epochs.Count);
    }

    [Fact]
    public void A_fractional_plan_ends_with_that_part_of_an_epoch()
    {
        using var train = TinyData.LeftRight(192, 1); // 6 batches of 32
        using var model = RecipeNetworks.Small(5);
        var batches = new List<(int Epoch, int Epochs, int Batches)>();
        var asked = 0;
        var result = new Trainer(Recipe).Train(model, train, null,
            new Progress(p => { if (p.FinishedEpoch is not null) batches.Add((p.Epoch, p.Epochs, p.Batches)); }),
            replan: (done, planned) => { asked++; return 2.5; });
        Assert.Equal(3, result.Epochs.Count);
        Assert.Equal([(1, 3, 6), (2, 3, 6), (3, 3, 3)], batches); // half of the third epoch's 6 batches
        Assert.Equal(2, asked); // not after the plan's last epoch: the run is over
    }
}
