using Nas.Spaces.Recurrent;
using Nas.Tests.Recurrent;
using Nas.Tests.Torch;
using Nas.Torch.Enas;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Text;
using Nas.Torch.Training;
using TorchSharp;

namespace Nas.Tests.Enas;

/// <summary>ENAS over recurrent cells on a tiny corpus: the loop learns, derives a cell of the space, resumes exactly and keeps its tensors.</summary>
public class EnasRecurrentRunnerTests : IDisposable
{
    private readonly SingleThread _thread = new();

    public void Dispose() => _thread.Dispose();

    private static readonly LanguageModelOptions Small = new(Size: 16, EmbeddingDropout: 0, InputDropout: 0.1, HiddenDropout: 0.1, OutputDropout: 0.1);

    private static EnasRecurrentOptions Quick(int epochs = 3) => new()
    {
        Space = new RnnDagSpaceOptions(3, RnnDagSpaceOptions.LooseEnds),
        ControllerSteps = 20,
        DeriveSamples = 8,
        Controller = EnasControllerOptions.ForRecurrent() with { LearningRate = 3e-3 },
        Weights = new LanguageTrainingOptions { Epochs = epochs, BatchSize = 8, Bptt = 10, LearningRate = 5, Seed = 3, Averaging = false, VariableLength = true },
    };

    private static TextCorpus Corpus()
    {
        var dir = TinyText.WritePtbLayout(Path.Combine(Path.GetTempPath(), "nas-enas-rnn-" + Guid.NewGuid().ToString("N")), trainLines: 120, validLines: 40);
        try { return WordCorpusReader.Read(dir); }
        finally { Directory.Delete(dir, true); }
    }

    private static EnasRecurrentRunner Runner(TextCorpus corpus, EnasRecurrentOptions? options = null) =>
        new(options ?? Quick(), corpus.Vocabulary.Count, Small, corpus.Train, corpus.Validation);

    [Fact]
    public void The_reward_rises_the_derived_cell_is_of_the_space_and_live_tensors_stay_flat()
    {
        var corpus = Corpus();
        using var runner = Runner(corpus);
        var first = runner.RunEpoch();
        long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        runner.RunEpoch();
        var last = runner.RunEpoch();
        Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.True(last.MeanReward > first.MeanReward, $"mean reward {first.MeanReward:F3} then {last.MeanReward:F3}");
        Assert.True(last.TrainLoss < first.TrainLoss, $"train loss {first.TrainLoss:F3} then {last.TrainLoss:F3}");
        Assert.True(double.IsFinite(last.ValidationLoss) && double.IsFinite(last.Entropy) && last.Baseline is not null);
        // The derived cell is an architecture of the space, which nas train builds as a fixed DAG cell.
        var architecture = RnnDagSpace.FromGenotype(last.Genotype);
        Assert.Equal(runner.Space.Name, architecture.Space.Name);
        Assert.Equal(last.Genotype, RnnDagSpace.ToGenotype(architecture));
        Assert.Equal(RecurrentGenotype.LooseEnds(last.Genotype.Steps), last.Genotype.Concat.Order().ToArray());
    }

    [Fact]
    public void Saved_after_one_epoch_and_restored_in_a_new_runner_it_ends_as_an_unbroken_search()
    {
        var corpus = Corpus();
        var dir = ExactAssert.TemporaryDirectory("nas-enas-rnn-resume-");
        try
        {
            using var unbroken = Runner(corpus, Quick(2));
            while (!unbroken.Finished)
            {
                unbroken.RunEpoch();
                using var elsewhere = torch.rand(7); // the caller's draws do not reach the search's stream
            }
            using (var first = Runner(corpus, Quick(2)))
            {
                first.RunEpoch();
                first.Save(dir, "settings");
            }
            torch.manual_seed(999);
            using var resumed = Runner(corpus, Quick(2));
            Assert.True(resumed.TryRestore(dir, "settings"));
            Assert.Single(resumed.Completed);
            resumed.RunEpoch();
            foreach (var (a, b) in unbroken.Completed.Zip(resumed.Completed))
            {
                Assert.Equal(a.TrainLoss, b.TrainLoss);
                Assert.Equal(a.MeanReward, b.MeanReward);
                Assert.Equal(a.Baseline, b.Baseline);
                Assert.Equal(a.ValidationLoss, b.ValidationLoss);
                Assert.Equal(a.Genotype, b.Genotype);
            }
            ExactAssert.SameState(unbroken.Model, resumed.Model);
        }
        finally { Directory.Delete(dir, true); }
    }
}
