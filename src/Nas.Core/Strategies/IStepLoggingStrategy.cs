namespace Nas.Strategies;

/// <summary>
/// A strategy that does work of its own between trials (a controller update, say) and reports each step,
/// so the experiment's search log can keep it.
/// </summary>
public interface IStepLoggingStrategy : IStrategy
{
    /// <summary>Raised after each step: its kind (e.g. <c>controller</c>), number, and figures as a JSON object.</summary>
    event Action<string, long, string>? StepLogged;
}
