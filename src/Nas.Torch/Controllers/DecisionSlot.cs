using Nas.Spaces;

namespace Nas.Torch.Controllers;

/// <summary>How the controller samples one decision.</summary>
internal enum SlotKind
{
    /// <summary>Softmax over the decision's options from a linear head.</summary>
    Categorical,
    /// <summary>One Bernoulli per option from a linear head.</summary>
    Bernoulli,
    /// <summary>One Bernoulli per earlier layer from anchor-point attention.</summary>
    Attention,
}

/// <summary>
/// One decision as the controller sees it: its kind, where its options sit in the shared embedding table
/// and head (<see cref="Offset"/>), its layer (or null), and for attention the layer each option names.
/// </summary>
internal sealed record DecisionSlot(Decision Decision, SlotKind Kind, int Offset, int? Layer, int[] OptionLayers);
