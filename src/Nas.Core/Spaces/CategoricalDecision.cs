namespace Nas.Spaces;

/// <summary>A decision that takes exactly one of its options (a filter size, an op).</summary>
public sealed class CategoricalDecision : Decision
{
    /// <param name="name">Unique within its space.</param>
    /// <param name="options">Every option, in a fixed order.</param>
    /// <param name="allowed">Which options earlier values allow; null allows all.</param>
    /// <param name="active">Whether the decision applies given earlier values; null: always.</param>
    /// <param name="description">What it means.</param>
    /// <param name="layer">The layer it shapes, from 1, or null.</param>
    public CategoricalDecision(string name, IEnumerable<OptionValue> options,
        AllowedOptions? allowed = null, ActiveWhen? active = null, string? description = null, int? layer = null)
        : base(name, options, allowed, active, description, layer) { }

    /// <summary>False: the decision takes exactly one option.</summary>
    public override bool IsSubset => false;
}
