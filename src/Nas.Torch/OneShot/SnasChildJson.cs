using System.Text.Json;
using Nas.OneShot;
using Nas.Spaces.Cells;

namespace Nas.Torch.OneShot;

/// <summary>An <see cref="SnasChild"/> in a checkpoint: its ops per edge, its genotype in the genotype JSON format, the edges it dropped.</summary>
internal sealed record SnasChildJson(string[] Normal, string[] Reduce, JsonElement Genotype, int DroppedEdges)
{
    public static SnasChildJson From(SnasChild child) =>
        new(child.Normal.ToArray(), child.Reduce.ToArray(), OneShotEpochJson.Element(child.Genotype.ToJson()), child.DroppedEdges);

    /// <summary>The child; throws <see cref="NasUserException"/> when a part is missing or invalid.</summary>
    public SnasChild ToChild()
    {
        if (Normal is null || Reduce is null) throw new NasUserException("an SNAS child without its ops");
        return new SnasChild(Normal, Reduce, OneShotEpochJson.ReadGenotype(Genotype), DroppedEdges);
    }
}
