using System.Collections.Immutable;

namespace Nas.Spaces.Recurrent;

/// <summary>
/// A decoded NAS-RL tree cell. Nodes 0..L-1 are the leaves, each <c>act(combine(W_i x_t, U_i h_{t-1}))</c>;
/// nodes L.. combine two children level by level (<see cref="Children"/>) up to the root, whose output is
/// <c>h_t</c>. After node <see cref="InjectNode"/> is computed, the memory enters it:
/// <c>o = injectActivation(injectCombine(o, c_{t-1}))</c>; <c>c_t</c> is the output of <see cref="CellNode"/>.
/// </summary>
/// <param name="Leaves">L, the leaves, a power of two.</param>
/// <param name="Combinations">Each node's combination of its two inputs (add or mul), leaves first, the root last.</param>
/// <param name="Activations">Each node's activation, in the same order.</param>
/// <param name="InjectNode">The node that c_{t-1} enters after it is computed.</param>
/// <param name="InjectCombination">How c_{t-1} is combined with that node's output (add or mul).</param>
/// <param name="InjectActivation">The activation applied after the injection.</param>
/// <param name="CellNode">The node whose output is c_t.</param>
public sealed record TreeCellGenome(
    int Leaves,
    ImmutableArray<string> Combinations,
    ImmutableArray<string> Activations,
    int InjectNode,
    string InjectCombination,
    string InjectActivation,
    int CellNode)
{
    /// <summary>Number of nodes: leaves plus inner nodes (2L - 1); the root is the last.</summary>
    public int NodeCount => 2 * Leaves - 1;

    /// <summary>The children (left, right) of every inner node, indexed by node - leaves.</summary>
    /// <param name="leaves">The leaves, a power of two.</param>
    public static (int Left, int Right)[] Children(int leaves)
    {
        var children = new List<(int, int)>();
        int levelStart = 0, levelSize = leaves, next = leaves;
        while (levelSize > 1)
        {
            for (int k = 0; k < levelSize; k += 2) { children.Add((levelStart + k, levelStart + k + 1)); next++; }
            levelStart += levelSize;
            levelSize /= 2;
        }
        return children.ToArray();
    }
}
