using Nas.Evaluation;
using Nas.Search;
using Nas.Spaces;
using Nas.Strategies;

namespace Nas.Cli.Console;

/// <summary>
/// Shows any search as it goes, on bars or as log lines: trials (accuracy, or perplexity for language models), epochs
/// of searches that train one network, batch progress, the start and warnings.
/// </summary>
internal sealed class SearchDisplay(ProgressSink sink, SpaceTask task, int? trials, Func<string, string> flagOf) : ISearchObserver
{
    private readonly bool _perplexity = task == SpaceTask.Language;
    private int _finished;
    private double? _best;

    private string Of => trials is { } n ? $"/{n}" : "";

    private string BestText => _best is not { } b ? "-" : _perplexity ? Formats.Number(1 / b, 2) : Formats.Percent(b);

    private string BestLabel => _perplexity ? "best val ppl" : "best val";

    public void Started(SearchStart s)
    {
        if (s.Resumed is { } r)
            System.Console.Out.WriteLine(r.Epochs > 0 || (r.Trials == 0 && r.StateRestored)
                ? $"resuming {s.Store}: {r.Epochs} epoch(s) done, state {(r.StateRestored ? "restored" : "fresh (none saved)")}"
                : $"resuming {s.Store}: {r.Trials} trials so far ({r.Told} told, {r.Waiting + r.TakenBack} waiting{(r.TakenBack > 0 ? $", {r.TakenBack} taken back from a stopped search" : "")}), strategy state {(r.StateRestored ? "restored" : "fresh (none saved)")}");
        System.Console.Out.WriteLine($"search: {s.Space}, method {s.Method}, {s.Data}, {s.Plan}, store {s.Store}");
        foreach (var line in s.Details ?? []) System.Console.Out.WriteLine($"  {line}");
    }

    public void Warning(SearchWarning w) => System.Console.Error.WriteLine($"warning: {flagOf(w.Path)} {w.Message}");

    public void TrialStarted(long trialId, Proposal proposal)
    {
        sink.Overall(_finished, $"trial {trialId}{Of}, {BestLabel} {BestText}");
        sink.Line($"trial {trialId}{Of}: {ArchitectureText.Short(proposal.Architecture)}");
    }

    public IProgress<TrainingProgress>? ProgressFor(long trialId) =>
        _perplexity ? new PerplexityProgress(sink, $"trial {trialId}") : new TrialProgress(sink, $"trial {trialId}");

    public void TrialFinished(long trialId, Proposal proposal, TrialOutcome outcome)
    {
        _finished++;
        if (outcome.Objective is { } o && !double.IsNaN(o) && (_best is null || o > _best)) _best = o;
        sink.Overall(_finished, $"{_finished}{Of} trials done, {BestLabel} {BestText}");
        if (outcome.Status != TrialStatus.Completed)
        {
            sink.Line($"trial {trialId}: {outcome.Status.ToString().ToLowerInvariant()}: {outcome.Error}");
            return;
        }
        var m = outcome.Metrics!;
        sink.Line(_perplexity
            ? $"trial {trialId}: validation perplexity {Formats.Number(Math.Exp(m.ValidationLoss), 2)}, {Formats.Count(m.Parameters)} params, {Formats.Seconds(m.TrainingSeconds)}"
            : $"trial {trialId}: validation accuracy {Formats.Percent(m.ValidationAccuracy)}, {Formats.Count(m.Parameters)} params, {Formats.Seconds(m.TrainingSeconds)}");
    }

    public void EpochFinished(SearchEpoch e)
    {
        sink.Overall(e.Epoch, e.Label ?? $"epoch {e.Epoch}/{e.Epochs} done", e.Epochs);
        sink.Line($"{e.Label ?? $"epoch {e.Epoch}/{e.Epochs}"}: {FigureText.Of(e.Figures)}{(e.Current is { } a ? $"; {ArchitectureText.Short(a)}" : "")}");
    }

    public IProgress<SearchProgress>? Batches => new BatchBar(sink);

    private sealed class BatchBar(ProgressSink sink) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress p) => sink.Current(p.Batch, p.Batches, $"epoch {p.Epoch}/{p.Epochs}: {FigureText.Of(p.Figures)}");
    }
}
