namespace Nas.Execution.Pruning;

/// <summary>Never prunes: every trial trains for all its epochs.</summary>
public sealed class NoPruner : IPruner
{
    /// <inheritdoc />
    public string Name => "none";

    /// <inheritdoc />
    public bool ShouldPrune(int epoch, double value, IReadOnlyList<IntermediateValue> others) => false;

    /// <inheritdoc />
    public object Describe() => new { };
}
