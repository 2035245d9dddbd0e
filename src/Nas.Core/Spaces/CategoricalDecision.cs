namespace Nas.Spaces;

/// <summary>A decision that takes exactly one of its options (a filter size, an op).</summary>
public sealed class CategoricalDecision : Decision
{
    public CategoricalDecision(string name, IEnumerable<OptionValue> options,
        AllowedOptions? allowed = null, ActiveWhen? active = null, string? description = null)
        : base(name, options, allowed, active, description) { }

    public override bool IsSubset => false;
}
