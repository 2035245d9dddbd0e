namespace Nas.Spaces.Cells;

/// <summary>The checks behind <see cref="Genotype.Validate"/>, one cell at a time.</summary>
internal static class GenotypeValidator
{
    public static Genotype Validate(Genotype genotype)
    {
        ValidateCell(genotype, CellKind.Normal);
        ValidateCell(genotype, CellKind.Reduce);
        return genotype;
    }

    private static void ValidateCell(Genotype genotype, CellKind kind)
    {
        string cell = CellName(kind);
        var edges = genotype.Edges(kind);
        if (edges is null || edges.Count == 0)
            throw new NasUserException($"genotype: the {cell} cell has no edges (it needs two per intermediate node)");
        if (edges.Count % 2 != 0)
            throw new NasUserException($"genotype: the {cell} cell has {edges.Count} edges; it needs two per intermediate node, an even number");
        for (int e = 0; e < edges.Count; e++)
        {
            var edge = edges[e];
            int node = e / 2, state = node + 2;
            string where = $"genotype: {cell} cell, edge {e} (intermediate node {node}, state {state})";
            if (string.IsNullOrEmpty(edge.Op) || !CellOps.IsKnown(edge.Op))
                throw new NasUserException($"{where}: unknown op '{edge.Op}' (known: {string.Join(", ", CellOps.All)})");
            string allowed = $"it may read states 0..{state - 1} (0 and 1: the cell inputs; 2 and up: earlier nodes)";
            if (edge.Input == state)
                throw new NasUserException($"{where}: reads itself (input {edge.Input}); {allowed}");
            if (edge.Input > state && edge.Input < edges.Count / 2 + 2)
                throw new NasUserException($"{where}: reads the later node at state {edge.Input}; {allowed}");
            if (edge.Input < 0 || edge.Input > state)
                throw new NasUserException($"{where}: input {edge.Input} is out of range; {allowed}");
        }
        var concat = genotype.Concat(kind);
        string concatName = kind == CellKind.Normal ? "normal_concat" : "reduce_concat";
        int states = edges.Count / 2 + 2;
        if (concat is null || concat.Count == 0)
            throw new NasUserException($"genotype: {concatName} is empty; it lists the nodes whose outputs form the cell's output");
        foreach (int s in concat)
            if (s < 2 || s >= states)
                throw new NasUserException($"genotype: {concatName} lists {s}, but the {cell} cell's intermediate nodes are states 2..{states - 1}");
        if (concat.Distinct().Count() != concat.Count)
            throw new NasUserException($"genotype: {concatName} lists a node twice ({string.Join(", ", concat)})");
    }

    public static string CellName(CellKind kind) => kind == CellKind.Normal ? "normal" : "reduction";
}
