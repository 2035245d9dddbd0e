namespace Nas.OneShot;

/// <summary>
/// The edges of a supernet cell, in DARTS's order: intermediate node i (state i+2) reads every earlier
/// state 0..i+1, so node 0 owns edges 0-1, node 1 edges 2-4, node 2 edges 5-8, and so on; 14 edges for
/// 4 nodes. Alpha has one row per edge in this order.
/// </summary>
public static class SupernetEdges
{
    /// <summary>Edges of a cell with <paramref name="nodes"/> intermediate nodes: 2 + 3 + ... + (nodes + 1).</summary>
    /// <param name="nodes">Intermediate nodes of the cell.</param>
    public static int Count(int nodes) => nodes * (nodes + 3) / 2;

    /// <summary>The first edge of a node.</summary>
    /// <param name="node">The intermediate node, from 0.</param>
    public static int First(int node) => node * (node + 3) / 2;

    /// <summary>The edge from state <paramref name="input"/> into <paramref name="node"/>.</summary>
    /// <param name="node">The intermediate node, from 0.</param>
    /// <param name="input">The state it reads, 0..node + 1.</param>
    public static int Index(int node, int input)
    {
        if (input < 0 || input > node + 1) throw new ArgumentOutOfRangeException(nameof(input), $"node {node} reads states 0..{node + 1}");
        return First(node) + input;
    }

    /// <summary>The (node, input state) of every edge, in order.</summary>
    /// <param name="nodes">Intermediate nodes of the cell.</param>
    public static IReadOnlyList<(int Node, int Input)> All(int nodes) =>
        Enumerable.Range(0, nodes).SelectMany(n => Enumerable.Range(0, n + 2).Select(j => (n, j))).ToArray();
}
