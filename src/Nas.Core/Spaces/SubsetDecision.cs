namespace Nas.Spaces;

/// <summary>
/// A decision that takes any subset of its options, the empty set included: "which earlier layers
/// feed this layer". Each option is in or out on its own, as the anchor-point attention samples it.
/// </summary>
public sealed class SubsetDecision : Decision
{
    public SubsetDecision(string name, IEnumerable<OptionValue> options,
        AllowedOptions? allowed = null, ActiveWhen? active = null, string? description = null)
        : base(name, options, allowed, active, description) { }

    public override bool IsSubset => true;
}
