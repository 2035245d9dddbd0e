using Nas.Tests.Torch;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.OneShot;
using Nas.Torch.Text;
using Nas.Torch.Training;
using TorchSharp;

namespace Nas.Tests.Recurrent;

/// <summary>A recurrent DARTS (first and second order) or SNAS search saved after an epoch and restored in a new runner ends exactly as an unbroken one.</summary>
public class RecurrentDartsResumeTests : IDisposable
{
    private readonly SingleThread _thread = new();

    public void Dispose() => _thread.Dispose();

    // Dropout everywhere but the embedding (masks from torch's global generator) and variable-length windows.
    private static readonly LanguageModelOptions Small = new(Size: 16, EmbeddingDropout: 0, InputDropout: 0.1, HiddenDropout: 0.1, OutputDropout: 0.1);

    private static readonly RecurrentDartsOptions Quick = new()
    {
        Nodes = 3,
        AlphaLearningRate = 0.03,
        Weights = new LanguageTrainingOptions { Epochs = 3, BatchSize = 8, Bptt = 10, LearningRate = 5, Seed = 3, Averaging = false, VariableLength = true },
    };

    private static TextCorpus Corpus()
    {
        var dir = TinyText.WritePtbLayout(Path.Combine(Path.GetTempPath(), "nas-rdarts-resume-" + Guid.NewGuid().ToString("N")), trainLines: 60, validLines: 24);
        try { return WordCorpusReader.Read(dir); }
        finally { Directory.Delete(dir, true); }
    }

    private static RecurrentDartsRunner Runner(TextCorpus corpus, OneShotMethod method = OneShotMethod.Darts) =>
        new(Quick with { Method = method }, corpus.Vocabulary.Count, Small, corpus.Train, corpus.Validation);

    [Theory]
    [InlineData(OneShotMethod.Darts)]
    [InlineData(OneShotMethod.DartsSecondOrder)]
    [InlineData(OneShotMethod.Snas)]
    public void Saved_after_one_epoch_and_restored_in_a_new_runner_it_ends_as_an_unbroken_search(OneShotMethod method)
    {
        var corpus = Corpus();
        var dir = ExactAssert.TemporaryDirectory("nas-rdarts-resume-");
        try
        {
            using var unbroken = Runner(corpus, method);
            while (!unbroken.Finished)
            {
                unbroken.RunEpoch();
                // Whatever else draws from torch's global generator between epochs does not reach the search's stream.
                using var elsewhere = torch.rand(7);
            }

            using (var first = Runner(corpus, method))
            {
                first.RunEpoch();
                first.Save(dir, "settings");
            }
            torch.manual_seed(999); // as in a new process
            using var resumed = Runner(corpus, method);
            Assert.True(resumed.TryRestore(dir, "settings"));
            Assert.Single(resumed.Completed);
            while (!resumed.Finished) resumed.RunEpoch();

            Assert.Equal(3, resumed.Completed.Count);
            foreach (var (a, b) in unbroken.Completed.Zip(resumed.Completed))
            {
                Assert.Equal(a.Epoch, b.Epoch);
                Assert.Equal(a.LearningRate, b.LearningRate);
                Assert.Equal(a.TrainLoss, b.TrainLoss);
                Assert.Equal(a.ValidationLoss, b.ValidationLoss);
                Assert.Equal(a.Probabilities, b.Probabilities);
                Assert.Equal(a.Entropy, b.Entropy);
                Assert.Equal(a.Temperature, b.Temperature);
                Assert.Equal(a.Genotype, b.Genotype);
            }
            ExactAssert.SameState(unbroken.Model, resumed.Model);
            ExactAssert.Same(unbroken.Alpha.Alpha, resumed.Alpha.Alpha, "alpha");
            Assert.NotEqual(unbroken.Completed[0].Probabilities[0], unbroken.Completed[2].Probabilities[0]);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void An_empty_directory_restores_nothing_and_a_damaged_or_foreign_checkpoint_is_refused_by_file()
    {
        var corpus = Corpus();
        var dir = ExactAssert.TemporaryDirectory("nas-rdarts-damaged-");
        try
        {
            var checkpoint = Path.Combine(dir, "checkpoint");
            using (var fresh = Runner(corpus))
            {
                Assert.False(fresh.TryRestore(checkpoint, "settings"));
                fresh.RunEpoch();
                fresh.Save(checkpoint, "settings");
            }
            using (var other = Runner(corpus))
                Assert.Contains(Path.Combine(checkpoint, "state.json"), Assert.Throws<NasUserException>(() => other.TryRestore(checkpoint, "other settings")).Message);
            using (var snas = Runner(corpus, OneShotMethod.Snas)) // another method's checkpoint, the same fingerprint
                Assert.Contains(Path.Combine(checkpoint, "state.json"), Assert.Throws<NasUserException>(() => snas.TryRestore(checkpoint, "settings")).Message);

            ExactAssert.Truncate(Path.Combine(checkpoint, "model.bin"));
            using (var damaged = Runner(corpus))
            {
                Assert.Contains(Path.Combine(checkpoint, "model.bin"), Assert.Throws<NasUserException>(() => damaged.TryRestore(checkpoint, "settings")).Message);
                Assert.Throws<InvalidOperationException>(() => damaged.RunEpoch());
            }

            File.WriteAllBytes(Path.Combine(checkpoint, "global.rng"), new byte[100]); // libtorch would abort on it
            using (var shortState = Runner(corpus))
                Assert.Contains(Path.Combine(checkpoint, "global.rng"), Assert.Throws<NasUserException>(() => shortState.TryRestore(checkpoint, "settings")).Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData(OneShotMethod.Darts)]
    [InlineData(OneShotMethod.DartsSecondOrder)]
    [InlineData(OneShotMethod.Snas)]
    public void Runs_with_a_save_and_a_restore_leave_no_live_tensors_behind(OneShotMethod method)
    {
        var corpus = Corpus();
        var dir = ExactAssert.TemporaryDirectory("nas-rdarts-live-");
        try
        {
            void SaveAndResume()
            {
                using (var first = Runner(corpus, method))
                {
                    first.RunEpoch();
                    first.Save(dir, "settings");
                }
                using var resumed = Runner(corpus, method);
                resumed.TryRestore(dir, "settings");
                resumed.RunEpoch();
            }
            SaveAndResume(); // warm-up: lazily created globals
            long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            SaveAndResume();
            Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
        finally { Directory.Delete(dir, true); }
    }
}
