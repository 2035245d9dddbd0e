namespace Nas.Spaces;

/// <summary>
/// A decision that takes any subset of its options, the empty set included: "which earlier layers
/// feed this layer". Each option is in or out on its own, as the anchor-point attention samples it.
/// </summary>
public sealed class SubsetDecision : Decision
{
    /// <param name="name">Unique within its space.</param>
    /// <param name="options">Every option, in a fixed order.</param>
    /// <param name="allowed">Which options earlier values allow; null allows all.</param>
    /// <param name="active">Whether the decision applies given earlier values; null: always.</param>
    /// <param name="description">What it means.</param>
    /// <param name="layer">The layer it shapes, from 1, or null.</param>
    /// <param name="ofEarlierLayers">Its options are the numbers of earlier layers (which of them feed this one).</param>
    public SubsetDecision(string name, IEnumerable<OptionValue> options,
        AllowedOptions? allowed = null, ActiveWhen? active = null, string? description = null, int? layer = null, bool ofEarlierLayers = false)
        : base(name, options, allowed, active, description, layer)
    {
        if (ofEarlierLayers && (layer is null || Options.Any(o => !o.IsNumber || o.AsInt < 1 || o.AsInt >= layer)))
            throw new ArgumentException($"decision '{name}': a choice of earlier layers needs its layer and options that number earlier layers", nameof(ofEarlierLayers));
        OfEarlierLayers = ofEarlierLayers;
    }

    /// <summary>
    /// Its options are the numbers of earlier layers: controllers sample it by anchor-point attention between this
    /// layer's state and each earlier layer's (NAS-RL's skip connections), rather than one Bernoulli per option.
    /// </summary>
    public bool OfEarlierLayers { get; }

    /// <summary>True: the decision takes any subset of its options.</summary>
    public override bool IsSubset => true;
}
