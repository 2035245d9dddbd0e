using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
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

    public static ControllerLayout Of(SearchSpace space, string layerPattern)
    {
        var pattern = new Regex(layerPattern, RegexOptions.CultureInvariant);
        var slots = ImmutableArray.CreateBuilder<DecisionSlot>(space.Decisions.Length);
        var layersSeen = new HashSet<int>();
        int offset = 0;
        foreach (var decision in space.Decisions)
        {
            int? layer = LayerOf(decision.Name, pattern);
            var optionLayers = Array.Empty<int>();
            var kind = SlotKind.Categorical;
            if (decision.IsSubset)
            {
                kind = SlotKind.Bernoulli;
                // Anchor points: every option names an earlier layer that has decisions (and so a hidden state) of its own.
                if (layer is { } i && decision.Options.All(o => o.IsNumber && o.AsInt < i && layersSeen.Contains(o.AsInt)))
                {
                    kind = SlotKind.Attention;
                    optionLayers = decision.Options.Select(o => o.AsInt).ToArray();
                }
            }
            slots.Add(new DecisionSlot(decision, kind, offset, layer, optionLayers));
            offset += decision.Options.Length;
            if (layer is { } l) layersSeen.Add(l);
        }
        return new ControllerLayout(slots.MoveToImmutable(), offset);
    }

    private static int? LayerOf(string name, Regex pattern)
    {
        var match = pattern.Match(name);
        return match.Success && match.Groups.Count > 1 && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int layer)
            ? layer : null;
    }
}
