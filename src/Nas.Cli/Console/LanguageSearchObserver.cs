using Nas.Evaluation;
using Nas.Execution;
using Nas.Strategies;

namespace Nas.Cli.Console;

/// <summary>Shows a language-model search's trials and epochs as they go, in perplexities.</summary>
internal sealed class LanguageSearchObserver : IExperimentObserver
{
    private readonly ProgressSink _sink;
    private readonly Budget _budget;
    private int _finished;
    private double _best = double.PositiveInfinity;

    public LanguageSearchObserver(ProgressSink sink, Budget budget)
    {
        _sink = sink;
        _budget = budget;
    }

    private string Of => _budget.MaxTrials is { } n ? $"/{n}" : "";
    private string Best => double.IsPositiveInfinity(_best) ? "-" : Formats.Number(_best, 2);

    public void TrialStarted(long trialId, Proposal proposal)
    {
        _sink.Overall(_finished, $"trial {trialId}{Of}, best val ppl {Best}");
        _sink.Line($"trial {trialId}{Of}: {ArchitectureText.Short(proposal.Architecture)}");
    }

    public IProgress<TrainingProgress>? ProgressFor(long trialId) => new PerplexityProgress(_sink, $"trial {trialId}");

    public void TrialFinished(long trialId, Proposal proposal, TrialOutcome outcome)
    {
        _finished++;
        if (outcome.Metrics is { } m && outcome.Status == TrialStatus.Completed) _best = Math.Min(_best, Math.Exp(m.ValidationLoss));
        _sink.Overall(_finished, $"{_finished}{Of} trials done, best val ppl {Best}");
        _sink.Line(outcome.Status == TrialStatus.Completed
            ? $"trial {trialId}: validation perplexity {Formats.Number(Math.Exp(outcome.Metrics!.ValidationLoss), 2)}, {Formats.Count(outcome.Metrics.Parameters)} params, {Formats.Seconds(outcome.Metrics.TrainingSeconds)}"
            : $"trial {trialId}: {outcome.Status.ToString().ToLowerInvariant()}: {outcome.Error}");
    }
}
