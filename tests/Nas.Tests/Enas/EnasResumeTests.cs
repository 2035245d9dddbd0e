using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Tests.Torch;
using Nas.Torch.Data;
using Nas.Torch.Enas;
using Nas.Torch.Training;
using TorchSharp;

namespace Nas.Tests.Enas;

/// <summary>An ENAS search saved after an epoch and restored in a new trainer ends exactly as an unbroken one.</summary>
public class EnasResumeTests : IDisposable
{
    private readonly OneThread _thread = new();

    public void Dispose() => _thread.Dispose();

    private static readonly TrainingOptions Recipe = new() { Epochs = 3, BatchSize = 16, LearningRate = 0.05, Seed = 5 };

    // Three controller steps an epoch over two validation batches: the validation cycle stands mid-way at every save.
    private static EnasTrainer Trainer(SearchSpace space, ImageDataset train, ImageDataset validation) =>
        new(space, train, validation, Recipe, new EnasSearchOptions(Channels: 4, NormalCells: 1, SharedSteps: 3, ControllerSteps: 3, ValidationBatchSize: 16, FinalSamples: 3));

    private static SearchSpace Space(string name) => name == EnasCellSpace.Name
        ? EnasCellSpace.Create(new CellSpaceOptions(2, new[] { CellOps.SkipConnect, CellOps.SepConv3x3, CellOps.MaxPool3x3 }))
        : EnasMacroSpace.Create(new EnasMacroSpaceOptions(Layers: 2, PoolAfter: Array.Empty<int>()));

    public static TheoryData<string> Spaces => new() { EnasCellSpace.Name, EnasMacroSpace.Name };

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Saved_after_one_epoch_and_restored_in_a_new_trainer_it_ends_as_an_unbroken_search(string space)
    {
        using var train = TinyData.LeftRight(48, seed: 1);
        using var validation = TinyData.LeftRight(32, seed: 2);
        var dir = ExactAssert.TemporaryDirectory("nas-enas-resume-");
        try
        {
            using var unbroken = Trainer(Space(space), train, validation);
            while (!unbroken.Finished) unbroken.RunEpoch();
            var unbrokenDerived = unbroken.Derive();

            using (var first = Trainer(Space(space), train, validation))
            {
                first.RunEpoch();
                first.Save(dir, "settings");
            }
            torch.manual_seed(999); // as in a new process
            using var resumed = Trainer(Space(space), train, validation);
            Assert.True(resumed.TryRestore(dir, "settings"));
            Assert.Single(resumed.Completed);
            while (!resumed.Finished) resumed.RunEpoch();
            var resumedDerived = resumed.Derive();

            Assert.Equal(3, resumed.Completed.Count);
            Assert.Equal(unbroken.Completed.Select(e => e with { Seconds = 0 }), resumed.Completed.Select(e => e with { Seconds = 0 }));
            Assert.Equal(unbroken.Controller.Baseline, resumed.Controller.Baseline);
            ExactAssert.SameState(unbroken.Network, resumed.Network);
            ExactAssert.SameState(unbroken.Controller.Lstm, resumed.Controller.Lstm);
            Assert.Equal(unbrokenDerived.Best, resumedDerived.Best);
            Assert.Equal(unbrokenDerived.Accuracy, resumedDerived.Accuracy);
            Assert.Equal(unbrokenDerived.Sampled, resumedDerived.Sampled);
            // The controller learned: a restore that kept the fresh trainer's controller could not pass the above.
            Assert.NotEqual(unbroken.Completed[0].Baseline, unbroken.Completed[2].Baseline);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void An_empty_directory_restores_nothing_and_a_damaged_or_foreign_checkpoint_is_refused_by_file()
    {
        using var train = TinyData.LeftRight(48, seed: 1);
        using var validation = TinyData.LeftRight(32, seed: 2);
        var dir = ExactAssert.TemporaryDirectory("nas-enas-damaged-");
        try
        {
            var checkpoint = Path.Combine(dir, "checkpoint");
            using (var fresh = Trainer(Space(EnasMacroSpace.Name), train, validation))
            {
                Assert.False(fresh.TryRestore(checkpoint, "settings"));
                fresh.RunEpoch();
                fresh.Save(checkpoint, "settings");
            }
            using (var other = Trainer(Space(EnasMacroSpace.Name), train, validation))
                Assert.Contains(Path.Combine(checkpoint, "state.json"), Assert.Throws<NasUserException>(() => other.TryRestore(checkpoint, "other settings")).Message);
            using (var micro = Trainer(Space(EnasCellSpace.Name), train, validation))
                Assert.Contains(EnasMacroSpace.Name, Assert.Throws<NasUserException>(() => micro.TryRestore(checkpoint, "settings")).Message);

            ExactAssert.Truncate(Path.Combine(checkpoint, "shared.bin"));
            using (var damaged = Trainer(Space(EnasMacroSpace.Name), train, validation))
            {
                Assert.Contains(Path.Combine(checkpoint, "shared.bin"), Assert.Throws<NasUserException>(() => damaged.TryRestore(checkpoint, "settings")).Message);
                Assert.Throws<InvalidOperationException>(() => damaged.RunEpoch());
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Runs_with_a_save_and_a_restore_leave_no_live_tensors_behind()
    {
        using var train = TinyData.LeftRight(48, seed: 1);
        using var validation = TinyData.LeftRight(32, seed: 2);
        var dir = ExactAssert.TemporaryDirectory("nas-enas-live-");
        try
        {
            void SaveAndResume(string space)
            {
                using (var first = Trainer(Space(space), train, validation))
                {
                    first.RunEpoch();
                    first.Save(dir, space);
                }
                using var resumed = Trainer(Space(space), train, validation);
                resumed.TryRestore(dir, space);
                resumed.RunEpoch();
                resumed.Derive();
            }
            foreach (var space in new[] { EnasCellSpace.Name, EnasMacroSpace.Name }) SaveAndResume(space); // warm-up: lazily created globals
            long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            foreach (var space in new[] { EnasCellSpace.Name, EnasMacroSpace.Name })
            {
                SaveAndResume(space);
                Assert.True(baseline == DisposeScopeManager.Statistics.ThreadTotalLiveCount,
                    $"{space}: {DisposeScopeManager.Statistics.ThreadTotalLiveCount - baseline} tensors left alive");
            }
        }
        finally { Directory.Delete(dir, true); }
    }
}
