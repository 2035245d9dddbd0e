using Nas.Architectures;

namespace Nas.Spaces.Cells;

/// <summary>
/// What the two cell spaces share: building the decisions, and converting between their
/// architectures and <see cref="Genotype"/>s. The kind of space fixes the wiring rules:
/// <c>darts-cell</c> wants two distinct inputs per node and concatenates every node;
/// <c>enas-cell</c> allows the same input twice and concatenates the nodes nobody reads.
/// </summary>
public static class CellSpace
{
    /// <summary>True for a space built by <see cref="DartsCellSpace"/> or <see cref="EnasCellSpace"/>.</summary>
    /// <param name="space">Any space.</param>
    public static bool IsCellSpace(SearchSpace space) => space.Name is DartsCellSpace.Name or EnasCellSpace.Name;

    /// <summary>The settings of a cell space.</summary>
    /// <param name="space">A darts-cell or enas-cell space.</param>
    public static CellSpaceOptions OptionsOf(SearchSpace space) => space.Name switch
    {
        DartsCellSpace.Name => CellSpaceOptions.FromJson(space.Settings, DartsCellSpace.Defaults, space.Name),
        EnasCellSpace.Name => CellSpaceOptions.FromJson(space.Settings, EnasCellSpace.Defaults, space.Name),
        _ => throw new NasUserException($"expected a {DartsCellSpace.Name} or {EnasCellSpace.Name} space, got the {space.Name} space"),
    };

    /// <summary>The name of one decision: <c>{cell}.node{i}.{part}</c>, part one of input_a, input_b, op_a, op_b.</summary>
    /// <param name="cell">Normal or reduction cell.</param>
    /// <param name="node">The intermediate node, from 0.</param>
    /// <param name="part">input_a, input_b, op_a or op_b.</param>
    public static string DecisionName(CellKind cell, int node, string part) => $"{CellPrefix(cell)}.node{node}.{part}";

    internal static SearchSpace Build(string name, CellSpaceOptions options, bool distinctInputs)
    {
        var ops = options.Ops.Select(o => (OptionValue)o).ToArray();
        var decisions = new List<Decision>();
        foreach (var cell in new[] { CellKind.Normal, CellKind.Reduce })
        {
            string cellName = GenotypeValidator.CellName(cell);
            for (int node = 0; node < options.Nodes; node++)
            {
                int state = node + 2;
                var inputs = Enumerable.Range(0, state).Select(i => (OptionValue)i).ToArray();
                string first = DecisionName(cell, node, "input_a");
                decisions.Add(new CategoricalDecision(first, inputs,
                    description: $"first input of node {node} of the {cellName} cell (0, 1: cell inputs; 2 and up: earlier nodes)"));
                AllowedOptions? allowed = distinctInputs
                    ? earlier => earlier.TryGetValue(first, out var a) ? Enumerable.Range(0, state).Where(i => i != a.Index).ToArray() : null
                    : null;
                decisions.Add(new CategoricalDecision(DecisionName(cell, node, "input_b"), inputs, allowed,
                    description: $"second input of node {node} of the {cellName} cell" + (distinctInputs ? " (not the first)" : "")));
                decisions.Add(new CategoricalDecision(DecisionName(cell, node, "op_a"), ops,
                    description: $"op on the first input of node {node} of the {cellName} cell"));
                decisions.Add(new CategoricalDecision(DecisionName(cell, node, "op_b"), ops,
                    description: $"op on the second input of node {node} of the {cellName} cell"));
            }
        }
        return new SearchSpace(name, options.ToJson(), decisions);
    }

    /// <summary>Decodes an architecture of a cell space into its genotype (valid by construction).</summary>
    /// <param name="architecture">An architecture of a darts-cell or enas-cell space.</param>
    public static Genotype ToGenotype(Architecture architecture)
    {
        var space = architecture.Space;
        var options = OptionsOf(space);
        (CellEdge[] Edges, int[] Concat) Cell(CellKind cell)
        {
            var edges = new List<CellEdge>();
            for (int node = 0; node < options.Nodes; node++)
            {
                edges.Add(new CellEdge(architecture.Option(DecisionName(cell, node, "op_a")).AsName,
                    architecture.Option(DecisionName(cell, node, "input_a")).AsInt));
                edges.Add(new CellEdge(architecture.Option(DecisionName(cell, node, "op_b")).AsName,
                    architecture.Option(DecisionName(cell, node, "input_b")).AsInt));
            }
            return (edges.ToArray(), ConcatOf(space.Name, edges, options.Nodes));
        }
        var normal = Cell(CellKind.Normal);
        var reduce = Cell(CellKind.Reduce);
        return new Genotype(normal.Edges, normal.Concat, reduce.Edges, reduce.Concat).Validate();
    }

    /// <summary>
    /// The architecture of <paramref name="space"/> that is this genotype. Throws
    /// <see cref="NasUserException"/> when the genotype is invalid or does not fit the space
    /// (node count, ops, repeated inputs in darts-cell, a concat that differs from the space's rule).
    /// </summary>
    /// <param name="space">A darts-cell or enas-cell space.</param>
    /// <param name="genotype">The cells.</param>
    public static Architecture FromGenotype(SearchSpace space, Genotype genotype)
    {
        genotype.Validate();
        var options = OptionsOf(space);
        var values = new Dictionary<string, Choice>(StringComparer.Ordinal);
        foreach (var cell in new[] { CellKind.Normal, CellKind.Reduce })
        {
            string cellName = GenotypeValidator.CellName(cell);
            var edges = genotype.Edges(cell);
            if (genotype.Nodes(cell) != options.Nodes)
                throw new NasUserException($"genotype: the {cellName} cell has {genotype.Nodes(cell)} nodes; the {space.Name} space has {options.Nodes}");
            for (int e = 0; e < edges.Count; e++)
            {
                int op = options.Ops.ToList().IndexOf(edges[e].Op);
                if (op < 0)
                    throw new NasUserException($"genotype: {cellName} cell, edge {e}: op '{edges[e].Op}' is not an option of this {space.Name} space ({string.Join(", ", options.Ops)})");
                string part = e % 2 == 0 ? "a" : "b";
                values[DecisionName(cell, e / 2, "input_" + part)] = Choice.Single(edges[e].Input);
                values[DecisionName(cell, e / 2, "op_" + part)] = Choice.Single(op);
            }
            if (space.Name == DartsCellSpace.Name)
                for (int node = 0; node < options.Nodes; node++)
                    if (edges[2 * node].Input == edges[2 * node + 1].Input)
                        throw new NasUserException($"genotype: {cellName} cell, node {node} reads state {edges[2 * node].Input} twice; the {space.Name} space wants two distinct inputs");
            var expected = ConcatOf(space.Name, edges, options.Nodes);
            var concat = genotype.Concat(cell).Order().ToArray();
            if (!concat.SequenceEqual(expected))
                throw new NasUserException($"genotype: the {cellName} cell concatenates [{string.Join(", ", concat)}], but the {space.Name} space " +
                    (space.Name == DartsCellSpace.Name ? "concatenates every intermediate node" : "concatenates the nodes no other node reads") +
                    $": [{string.Join(", ", expected)}]");
        }
        return Architecture.Create(space, values);
    }

    /// <summary>
    /// The genotype as an architecture of whichever cell space fits it: darts-cell when every node has
    /// two distinct inputs and every node is concatenated, else enas-cell when the concatenated nodes
    /// are exactly those nobody reads. The space's node count is the genotype's; its ops are the
    /// kind's defaults plus any other op the genotype uses.
    /// </summary>
    /// <param name="genotype">The cells.</param>
    public static Architecture FromGenotype(Genotype genotype)
    {
        genotype.Validate();
        int nodes = genotype.Nodes(CellKind.Normal);
        if (genotype.Nodes(CellKind.Reduce) != nodes)
            throw new NasUserException($"genotype: the normal cell has {nodes} nodes and the reduction cell {genotype.Nodes(CellKind.Reduce)}; a cell space has one node count for both");
        var used = genotype.Ops;
        bool Fits(string kind) => new[] { CellKind.Normal, CellKind.Reduce }.All(cell =>
            genotype.Concat(cell).Order().SequenceEqual(ConcatOf(kind, genotype.Edges(cell), nodes))
            && (kind != DartsCellSpace.Name || Enumerable.Range(0, nodes).All(n => genotype.Edges(cell)[2 * n].Input != genotype.Edges(cell)[2 * n + 1].Input)));
        if (Fits(DartsCellSpace.Name))
        {
            var baseOps = used.Contains(CellOps.None) ? CellOps.DartsPrimitives : CellOps.DartsCellOps;
            return FromGenotype(DartsCellSpace.Create(new CellSpaceOptions(nodes, Extend(baseOps, used))), genotype);
        }
        if (Fits(EnasCellSpace.Name))
            return FromGenotype(EnasCellSpace.Create(new CellSpaceOptions(nodes, Extend(CellOps.EnasMicro, used))), genotype);
        throw new NasUserException("genotype fits neither cell space: darts-cell wants two distinct inputs per node and every node concatenated; " +
            "enas-cell concatenates exactly the nodes that no other node reads");
    }

    private static IReadOnlyList<string> Extend(IReadOnlyList<string> ops, IReadOnlyList<string> used) =>
        ops.Concat(CellOps.All.Where(o => used.Contains(o) && !ops.Contains(o))).ToArray();

    private static int[] ConcatOf(string kind, IReadOnlyList<CellEdge> edges, int nodes)
    {
        var all = Enumerable.Range(2, nodes);
        if (kind == DartsCellSpace.Name) return all.ToArray();
        var read = edges.Select(e => e.Input).ToHashSet();
        return all.Where(s => !read.Contains(s)).ToArray();
    }

    private static string CellPrefix(CellKind cell) => cell == CellKind.Normal ? "normal" : "reduce";
}
