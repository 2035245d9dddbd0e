using Nas.Evaluation;

namespace Nas.Cli.Console;

/// <summary>Turns a trainer's progress into bar updates and, without bars, one line per epoch.</summary>
internal sealed class TrialProgress : IProgress<TrainingProgress>
{
    private readonly ProgressSink _sink;
    private readonly string _label;

    public TrialProgress(ProgressSink sink, long trialId, int epochs) : this(sink, $"trial {trialId}") { }

    public TrialProgress(ProgressSink sink, string label)
    {
        _sink = sink;
        _label = label;
    }

    public void Report(TrainingProgress p)
    {
        double done = (p.Epoch - 1) * (double)p.Batches + p.Batch;
        _sink.Current(done, (double)p.Epochs * p.Batches,
            $"{_label} epoch {p.Epoch}/{p.Epochs} loss {Formats.Number(p.Loss)} acc {Formats.Percent(p.Accuracy)} {p.ImagesPerSecond:F0} img/s");
        if (p.FinishedEpoch is { } e)
            _sink.Line($"  {_label} epoch {e.Epoch}/{p.Epochs}: train loss {Formats.Number(e.TrainLoss)} acc {Formats.Percent(e.TrainAccuracy)}" +
                       (double.IsNaN(e.ValidationAccuracy) ? "" : $", val loss {Formats.Number(e.ValidationLoss)} acc {Formats.Percent(e.ValidationAccuracy)}") +
                       $", {e.ImagesPerSecond:F0} img/s, {Formats.Seconds(e.Seconds)}");
    }
}
