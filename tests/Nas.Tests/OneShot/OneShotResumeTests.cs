using Nas.Tests.Torch;
using Nas.Torch.Data;
using Nas.Torch.OneShot;
using TorchSharp;

namespace Nas.Tests.OneShot;

/// <summary>A one-shot search saved after an epoch and restored in a new runner ends exactly as an unbroken one.</summary>
public class OneShotResumeTests : IDisposable
{
    // Many tiny passes: on a shared, busy CPU a second libtorch thread slows them down many times over.
    private readonly Nas.Tests.Enas.OneThread _thread = new();

    public void Dispose() => _thread.Dispose();

    // Two nodes per cell (5 edges, not 14): the smallest supernet that still derives a genotype.
    private static OneShotOptions Options(OneShotMethod method) => new()
    {
        Method = method, Channels = 2, Layers = 3, Nodes = 2, Multiplier = 2, Epochs = 3, BatchSize = 16, Seed = 3, EvaluationBatchSize = 64,
        ResourceWeight = method == OneShotMethod.Snas ? 0.5 : 0, AlphaLearningRate = 0.01,
    };

    // One step per DARTS epoch (halves of 16), two per SNAS epoch; the momentum and Adam state carry across epochs.
    private static ImageDataset Train() => TinyData.LeftRight(32, 1);
    private static ImageDataset Validation() => TinyData.LeftRight(16, 2);

    [Theory]
    [InlineData(OneShotMethod.Darts)]
    [InlineData(OneShotMethod.DartsSecondOrder)]
    [InlineData(OneShotMethod.Snas)]
    public void Saved_after_one_epoch_and_restored_in_a_new_runner_it_ends_as_an_unbroken_search(OneShotMethod method)
    {
        using var train = Train();
        using var validation = Validation();
        var options = Options(method);
        var dir = ExactAssert.TemporaryDirectory("nas-oneshot-resume-");
        try
        {
            using var unbroken = new OneShotRunner(options, train, validation);
            while (!unbroken.Finished) unbroken.RunEpoch();

            using (var first = new OneShotRunner(options, train, validation))
            {
                first.RunEpoch();
                first.Save(dir, "settings");
            }
            torch.manual_seed(999); // as in a new process: the global generator is elsewhere; the checkpoint has the search's
            using var resumed = new OneShotRunner(options, train, validation);
            Assert.True(resumed.TryRestore(dir, "settings"));
            Assert.Single(resumed.Completed);
            Assert.False(resumed.Finished);
            while (!resumed.Finished) resumed.RunEpoch();

            Assert.Equal(3, resumed.Completed.Count);
            for (int i = 0; i < 3; i++) SameEpoch(unbroken.Completed[i], resumed.Completed[i]);
            ExactAssert.SameState(unbroken.Network, resumed.Network);
            ExactAssert.Same(unbroken.Alpha.Normal, resumed.Alpha.Normal, "alpha (normal)");
            ExactAssert.Same(unbroken.Alpha.Reduce, resumed.Alpha.Reduce, "alpha (reduce)");
            // The search moved: a restore that silently kept the fresh runner's state could not pass the above.
            Assert.NotEqual(unbroken.Completed[0].NormalProbabilities[0], unbroken.Completed[2].NormalProbabilities[0]);
        }
        finally { Directory.Delete(dir, true); }
    }

    private static void SameEpoch(OneShotEpoch expected, OneShotEpoch actual)
    {
        Assert.Equal(expected.Epoch, actual.Epoch);
        Assert.Equal(expected.LearningRate, actual.LearningRate);
        Assert.Equal(expected.Temperature, actual.Temperature);
        Assert.Equal(expected.TrainLoss, actual.TrainLoss);
        Assert.Equal(expected.TrainAccuracy, actual.TrainAccuracy);
        Assert.Equal(expected.ValidationLoss, actual.ValidationLoss);
        Assert.Equal(expected.ValidationAccuracy, actual.ValidationAccuracy);
        Assert.Equal(expected.NormalProbabilities, actual.NormalProbabilities);
        Assert.Equal(expected.ReduceProbabilities, actual.ReduceProbabilities);
        Assert.Equal(expected.Entropy, actual.Entropy);
        Assert.Equal(expected.Genotype, actual.Genotype);
        Assert.Equal(expected.Child is null, actual.Child is null);
        if (expected.Child is { } child)
        {
            Assert.Equal(child.Normal, actual.Child!.Normal);
            Assert.Equal(child.Reduce, actual.Child.Reduce);
            Assert.Equal(child.Genotype, actual.Child.Genotype);
            Assert.Equal(child.DroppedEdges, actual.Child.DroppedEdges);
        }
        Assert.Equal(expected.ExpectedCost, actual.ExpectedCost);
    }

    [Fact]
    public void An_empty_directory_restores_nothing_and_a_damaged_or_foreign_checkpoint_is_refused_by_file()
    {
        using var train = Train();
        using var validation = Validation();
        var options = Options(OneShotMethod.Snas) with { Epochs = 2 };
        var dir = ExactAssert.TemporaryDirectory("nas-oneshot-damaged-");
        try
        {
            var checkpoint = Path.Combine(dir, "checkpoint");
            using (var fresh = new OneShotRunner(options, train, validation))
            {
                Assert.False(fresh.TryRestore(checkpoint, "settings"));
                Assert.Empty(fresh.Completed);
                fresh.RunEpoch();
                fresh.Save(checkpoint, "settings");
            }
            using (var other = new OneShotRunner(options, train, validation))
            {
                var e = Assert.Throws<NasUserException>(() => other.TryRestore(checkpoint, "other settings"));
                Assert.Contains(Path.Combine(checkpoint, "state.json"), e.Message);
                // Refused before anything was loaded: the runner can still search.
                Assert.Equal(1, other.RunEpoch().Epoch);
            }
            using (var darts = new OneShotRunner(options with { Method = OneShotMethod.Darts }, train, validation))
                Assert.Contains("snas", Assert.Throws<NasUserException>(() => darts.TryRestore(checkpoint, "settings")).Message);

            ExactAssert.Truncate(Path.Combine(checkpoint, "supernet.bin"));
            using (var damaged = new OneShotRunner(options, train, validation))
            {
                var e = Assert.Throws<NasUserException>(() => damaged.TryRestore(checkpoint, "settings"));
                Assert.Contains(Path.Combine(checkpoint, "supernet.bin"), e.Message);
                Assert.Throws<InvalidOperationException>(() => damaged.RunEpoch());
            }
            File.Delete(Path.Combine(checkpoint, "gumbel.rng"));
            using (var missing = new OneShotRunner(options, train, validation))
                Assert.Contains(Path.Combine(checkpoint, "gumbel.rng"), Assert.Throws<NasUserException>(() => missing.TryRestore(checkpoint, "settings")).Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Runs_with_a_save_and_a_restore_leave_no_live_tensors_behind()
    {
        using var train = Train();
        using var validation = Validation();
        var dir = ExactAssert.TemporaryDirectory("nas-oneshot-live-");
        try
        {
            void SaveAndResume(OneShotMethod method)
            {
                var options = Options(method) with { Epochs = 2 };
                using (var first = new OneShotRunner(options, train, validation))
                {
                    first.RunEpoch();
                    first.Save(dir, method.ToString());
                }
                using var resumed = new OneShotRunner(options, train, validation);
                resumed.TryRestore(dir, method.ToString());
                resumed.RunEpoch();
            }
            var methods = new[] { OneShotMethod.Darts, OneShotMethod.DartsSecondOrder, OneShotMethod.Snas };
            foreach (var method in methods) SaveAndResume(method); // warm-up: lazily created globals
            long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            foreach (var method in methods)
            {
                SaveAndResume(method);
                Assert.True(baseline == DisposeScopeManager.Statistics.ThreadTotalLiveCount,
                    $"{method}: {DisposeScopeManager.Statistics.ThreadTotalLiveCount - baseline} tensors left alive");
            }
        }
        finally { Directory.Delete(dir, true); }
    }
}
