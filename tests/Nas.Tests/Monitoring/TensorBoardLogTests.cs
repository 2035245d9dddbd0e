using Nas.Evaluation;
using Nas.Search;
using Nas.Strategies;
using Nas.Torch.Monitoring;

namespace Nas.Tests.Monitoring;

public class TensorBoardLogTests
{
    private sealed class Count : IProgress<TrainingProgress>, ISearchObserver
    {
        public int Reports, Epochs, Trials;
        public void Report(TrainingProgress value) => Reports++;
        public void EpochFinished(SearchEpoch epoch) => Epochs++;
        public void TrialFinished(long trialId, Proposal proposal, TrialOutcome outcome) => Trials++;
    }

    [Fact]
    public void Finished_epochs_are_logged_by_epoch_and_every_report_is_passed_on()
    {
        var directory = Directory.CreateTempSubdirectory("nas-tb-").FullName;
        try
        {
            var log = new TensorBoardLog(Path.Combine(directory, "run"));
            var inner = new Count();
            var progress = log.Progress("train", inner);
            progress.Report(new TrainingProgress(1, 2, 3, 10, 0.9, 0.5, 100));
            progress.Report(new TrainingProgress(1, 2, 10, 10, 0.8, 0.6, 100, new EpochMetrics(1, 0.75, 0.625, double.NaN, double.NaN, 12.5, 480)));
            progress.Report(new TrainingProgress(2, 2, 10, 10, 0.5, 0.8, 100, new EpochMetrics(2, 0.5, 0.875, 0.25, 0.75, 11, 520)));
            Assert.Equal(3, inner.Reports);
            var scalars = TensorBoardEvents.Scalars(directory);
            Assert.Contains(("train/loss", 0.75f, 1L), scalars);
            Assert.Contains(("train/loss", 0.5f, 2L), scalars);
            Assert.Contains(("train/accuracy", 0.875f, 2L), scalars);
            Assert.Contains(("train/images_per_second", 480f, 1L), scalars);
            Assert.Contains(("train/validation_accuracy", 0.75f, 2L), scalars);
            Assert.DoesNotContain(scalars, s => s.Tag == "train/validation_accuracy" && s.Step == 1); // NaN: not measured
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Fact]
    public void A_search_logs_each_trial_the_best_so_far_and_its_epochs_figures()
    {
        var directory = Directory.CreateTempSubdirectory("nas-tb-").FullName;
        try
        {
            var inner = new Count();
            var observer = new TensorBoardLog(directory).Observe(inner);
            var proposal = new Proposal(1, null!);
            TrialOutcome Done(double accuracy) => TrialOutcome.Completed(new TrialMetrics(accuracy, 0.5, 1234, 0, 1, []));
            observer.TrialFinished(1, proposal, Done(0.5));
            observer.TrialFinished(2, proposal, Done(0.75));
            observer.TrialFinished(3, proposal, TrialOutcome.Failed("diverged"));
            observer.TrialFinished(4, proposal, Done(0.625));
            observer.EpochFinished(new SearchEpoch("darts", 3, 5, [new SearchFigure("alpha_entropy", 1.5)], null));
            Assert.Equal(4, inner.Trials);
            Assert.Equal(1, inner.Epochs);
            var scalars = TensorBoardEvents.Scalars(directory);
            Assert.Equal([0.5f, 0.75f, 0.625f], scalars.Where(s => s.Tag == "trials/validation_accuracy").Select(s => s.Value));
            Assert.Equal([(1L, 0.5f), (2L, 0.75f), (4L, 0.75f)], scalars.Where(s => s.Tag == "trials/best_validation_accuracy").Select(s => (s.Step, s.Value)));
            Assert.Contains(("darts/alpha_entropy", 1.5f, 3L), scalars);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
