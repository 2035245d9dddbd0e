using System.Collections.Immutable;

namespace Nas.Spaces.Recurrent;

/// <summary>
/// A decoded NAS-RL tree cell. Nodes 0..L-1 are the leaves, each <c>act(combine(W_i x_t, U_i h_{t-1}))</c>;
/// nodes L.. combine two children level by level (<see cref="Children"/>) up to the root, whose output is
/// <c>h_t</c>. After node <see cref="InjectNode"/> is computed, the memory enters it:
/// <c>o = injectActivation(injectCombine(o, c_{t-1}))</c>; <c>c_t</c> is the output of <see cref="CellNode"/>.
/// </summary>
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
