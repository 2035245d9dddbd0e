using Nas.Evaluation;

namespace Nas.Cli.Console;

/// <summary>Language-model training progress on the bars and, without bars, one line per epoch, in perplexities.</summary>
internal sealed class PerplexityProgress : IProgress<TrainingProgress>
{
    private readonly ProgressSink _sink;
    private readonly string _label;

    public PerplexityProgress(ProgressSink sink, string label)
    {
        _sink = sink;
        _label = label;
    }

    public void Report(TrainingProgress p)
    {
        double done = (p.Epoch - 1) * (double)p.Batches + p.Batch;
        _sink.Current(done, (double)p.Epochs * p.Batches, $"{_label} epoch {p.Epoch}/{p.Epochs} train ppl {Formats.Number(Math.Exp(p.Loss), 2)} {p.ImagesPerSecond:F0} tok/s");
        if (p.FinishedEpoch is { } e)
            _sink.Line($"  {_label} epoch {e.Epoch}/{p.Epochs}: train ppl {Formats.Number(Math.Exp(e.TrainLoss), 2)}, val ppl {Formats.Number(Math.Exp(e.ValidationLoss), 2)}, {e.ImagesPerSecond:F0} tokens/s, {Formats.Seconds(e.Seconds)}");
    }
}
