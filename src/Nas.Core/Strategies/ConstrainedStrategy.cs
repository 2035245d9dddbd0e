using Nas.Architectures;

namespace Nas.Strategies;

/// <summary>
/// Hard constraints in front of any strategy: a proposal that breaks one (more parameters than allowed, say) is
/// told to the strategy as failed, with the reason, and never trained; the next is asked instead. Strategies learn
/// from it as from any failure (evolution and TPE leave it out, REINFORCE rewards it with 0).
/// </summary>
public sealed class ConstrainedStrategy : IStatefulStrategy, IStepLoggingStrategy, IWarmStartable
{
    private readonly IStrategy _inner;
    private readonly Func<Architecture, string?> _violation;
    private long _rejected;

    /// <param name="inner">The strategy whose proposals must keep the constraints; disposed with this one.</param>
    /// <param name="violation">Null for an architecture within the constraints, else which one it breaks and by how much.</param>
    /// <param name="maxTries">Proposals asked per trial before giving up (<see cref="ConstraintException"/>).</param>
    public ConstrainedStrategy(IStrategy inner, Func<Architecture, string?> violation, int maxTries = 1000)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(violation);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTries, 1);
        (_inner, _violation, MaxTries) = (inner, violation, maxTries);
        if (inner is IStepLoggingStrategy logging) logging.StepLogged += (kind, step, json) => StepLogged?.Invoke(kind, step, json);
    }

    /// <summary>The constrained strategy's name: the search is still that strategy's.</summary>
    public string Name => _inner.Name;

    /// <summary>Proposals asked per trial before giving up.</summary>
    public int MaxTries { get; }

    /// <summary>Proposals that broke a constraint so far.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <inheritdoc/>
    public bool Exhausted => _inner.Exhausted;

    /// <inheritdoc/>
    public event Action<string, long, string>? StepLogged;

    /// <summary>The strategy's next proposal within the constraints.</summary>
    /// <exception cref="ConstraintException">None of <see cref="MaxTries"/> proposals keeps them.</exception>
    public Proposal Ask()
    {
        string? last = null;
        for (int i = 0; i < MaxTries && (i == 0 || !_inner.Exhausted); i++)
        {
            var proposal = _inner.Ask();
            if ((last = _violation(proposal.Architecture)) is null) return proposal;
            _inner.Tell(proposal, TrialOutcome.Failed($"breaks a constraint: {last}"));
            Interlocked.Increment(ref _rejected);
        }
        throw new ConstraintException($"no proposal within the constraints in {MaxTries} tries (the last: {last})");
    }

    /// <inheritdoc/>
    public void Tell(Proposal proposal, TrialOutcome outcome) => _inner.Tell(proposal, outcome);

    /// <summary>Passes on the earlier results that keep the constraints.</summary>
    /// <param name="results">Earlier results of this space.</param>
    public void WarmStart(IReadOnlyList<PriorResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        (_inner as IWarmStartable)?.WarmStart(results.Where(r => _violation(r.Architecture) is null).ToArray());
    }

    /// <summary>The constrained strategy's state (this wrapper keeps none of its own that matters to the search).</summary>
    public string ExportState() => _inner is IStatefulStrategy stateful ? stateful.ExportState() : "{}";

    /// <summary>Restores the constrained strategy's state.</summary>
    /// <param name="json">The text <see cref="ExportState"/> returned.</param>
    public void ImportState(string json)
    {
        if (_inner is IStatefulStrategy stateful) stateful.ImportState(json);
    }

    /// <summary>Frees the constrained strategy.</summary>
    public void Dispose() => _inner.Dispose();
}

/// <summary>No architecture within a search's hard constraints could be found.</summary>
public sealed class ConstraintException(string message) : NasUserException(message);
