using Nas.Spaces.Recurrent;

namespace Nas.OneShot;

/// <summary>
/// The DARTS recurrent search's edge layout and its derivation of a DAG cell (<c>rnn/model_search.py</c>,
/// <c>_parse</c>). Node i (1..N) has one edge from each earlier node 0..i−1; the rows of alpha run node by
/// node, so node i's edges start at row i(i−1)/2. Columns are <see cref="Ops"/>: <c>none</c> then the
/// activations. The derived node i reads the earlier node whose strongest non-<c>none</c> op is strongest,
/// with that op; the output is the mean of every node, as DARTS.
/// </summary>
public static class RecurrentDerivation
{
    /// <summary>The zero op of an edge: searched with, never derived.</summary>
    public const string None = "none";

    /// <summary>The candidate ops of an edge, in column order: DARTS's <c>none, tanh, relu, sigmoid, identity</c>.</summary>
    public static IReadOnlyList<string> Ops { get; } = new[] { None }.Concat(RecurrentOps.Activations).ToArray();

    /// <summary>Edges of a cell of <paramref name="nodes"/> nodes after the input node.</summary>
    /// <param name="nodes">N, the nodes after the input node.</param>
    public static int Edges(int nodes) => nodes * (nodes + 1) / 2;

    /// <summary>The row of node i's first edge (from node 0), i in 1..N.</summary>
    /// <param name="node">i, from 1.</param>
    public static int FirstEdge(int node) => node * (node - 1) / 2;

    /// <summary>Derives the genotype from per-edge op probabilities [edges][ops]. Ties go to the earlier node or op.</summary>
    /// <param name="probabilities">Softmax of alpha per edge, [edges][ops] in <see cref="Ops"/> order.</param>
    /// <param name="nodes">N, the nodes after the input node.</param>
    public static RecurrentGenotype Derive(double[][] probabilities, int nodes)
    {
        if (nodes < 1) throw new ArgumentOutOfRangeException(nameof(nodes), "a cell needs at least one node");
        if (probabilities.Length != Edges(nodes) || probabilities.Any(r => r.Length != Ops.Count))
            throw new ArgumentException($"expected {Edges(nodes)} edges of {Ops.Count} ops for {nodes} nodes");
        var steps = new RecurrentStep[nodes];
        for (int i = 1; i <= nodes; i++)
        {
            int first = FirstEdge(i), bestInput = 0, bestOp = 1;
            double best = double.NegativeInfinity;
            for (int j = 0; j < i; j++)
                for (int k = 1; k < Ops.Count; k++) // column 0 is none
                    if (probabilities[first + j][k] > best)
                        (best, bestInput, bestOp) = (probabilities[first + j][k], j, k);
            steps[i - 1] = new RecurrentStep(Ops[bestOp], bestInput);
        }
        return new RecurrentGenotype(steps, Enumerable.Range(1, nodes));
    }
}
