using System.Collections.Immutable;
using Nas.Spaces;

namespace Nas.Torch.Controllers;

/// <summary>
/// The controller's reading of a space, decided once: a slot per decision in order, and the size of
/// the shared tables (every option of every decision has one embedding row and one head output).
/// </summary>
internal sealed class ControllerLayout
{
    private ControllerLayout(ImmutableArray<DecisionSlot> slots, int totalOptions)
    {
        Slots = slots;
        TotalOptions = totalOptions;
    }

    public ImmutableArray<DecisionSlot> Slots { get; }
    public int TotalOptions { get; }

    /// <summary>
    /// A subset decision that declares its options earlier layers (<see cref="SubsetDecision.OfEarlierLayers"/>) is
    /// sampled by anchor-point attention over those layers' states, when each of them has decisions (and so a state)
    /// before it; any other subset decision by one Bernoulli per option.
    /// </summary>
    public static ControllerLayout Of(SearchSpace space)
    {
        var slots = ImmutableArray.CreateBuilder<DecisionSlot>(space.Decisions.Length);
        var layersSeen = new HashSet<int>();
        int offset = 0;
        foreach (var decision in space.Decisions)
        {
            var optionLayers = Array.Empty<int>();
            var kind = SlotKind.Categorical;
            if (decision is SubsetDecision subset)
            {
                kind = SlotKind.Bernoulli;
                if (subset.OfEarlierLayers && decision.Options.All(o => layersSeen.Contains(o.AsInt)))
                {
                    kind = SlotKind.Attention;
                    optionLayers = decision.Options.Select(o => o.AsInt).ToArray();
                }
            }
            slots.Add(new DecisionSlot(decision, kind, offset, decision.Layer, optionLayers));
            offset += decision.Options.Length;
            if (decision.Layer is { } l) layersSeen.Add(l);
        }
        return new ControllerLayout(slots.MoveToImmutable(), offset);
    }
}
