using Nas.Spaces.Cells;

namespace Nas.OneShot;

/// <summary>
/// DARTS's derivation of a discrete cell from per-edge op probabilities (rows in
/// <see cref="SupernetEdges"/> order, columns in the order of <c>ops</c>): for each node the two
/// incoming edges whose largest non-<c>none</c> probability is highest, and on each the non-<c>none</c>
/// op of highest probability. Ties go to the earlier edge or op. <c>none</c> never appears in the result.
/// </summary>
public static class GenotypeDerivation
{
    /// <summary>
    /// Derives both cells. With <paramref name="maxSkip"/>, the normal cell keeps at most that many
    /// <c>skip_connect</c> edges: while it has more, the derived skip edge of lowest probability loses
    /// skip as a candidate and the cell is derived again (P-DARTS's guard against the collapse to skips).
    /// </summary>
    /// <param name="normal">The normal cell's op probabilities, [edges][ops].</param>
    /// <param name="reduce">The reduction cell's, [edges][ops].</param>
    /// <param name="ops">The op of each column.</param>
    /// <param name="nodes">Intermediate nodes per cell.</param>
    /// <param name="maxSkip">At most this many skip_connect edges in the normal cell, zero or more; null: no cap.</param>
    public static Genotype Darts(double[][] normal, double[][] reduce, IReadOnlyList<string> ops, int nodes = 4, int? maxSkip = null)
    {
        if (maxSkip is < 0) throw new ArgumentOutOfRangeException(nameof(maxSkip), maxSkip, "must not be negative");
        var normalEdges = DeriveCapped(normal, ops, nodes, maxSkip);
        var reduceEdges = DeriveCell(reduce, ops, nodes, new HashSet<int>());
        var concat = Enumerable.Range(2, nodes).ToArray();
        return new Genotype(normalEdges, concat, reduceEdges, concat).Validate();
    }

    private static CellEdge[] DeriveCapped(double[][] p, IReadOnlyList<string> ops, int nodes, int? maxSkip)
    {
        var banned = new HashSet<int>(); // edges whose skip_connect is no longer a candidate
        int skip = IndexOf(ops, CellOps.SkipConnect);
        while (true)
        {
            var edges = DeriveCell(p, ops, nodes, banned, out var chosen);
            if (maxSkip is not { } cap || skip < 0) return edges;
            var skips = chosen.Where(c => ops[c.Op] == CellOps.SkipConnect).ToArray();
            if (skips.Length <= cap) return edges;
            var weakest = skips.OrderBy(c => p[c.Edge][skip]).ThenByDescending(c => c.Edge).First();
            banned.Add(weakest.Edge);
        }
    }

    private static CellEdge[] DeriveCell(double[][] p, IReadOnlyList<string> ops, int nodes, HashSet<int> banned) =>
        DeriveCell(p, ops, nodes, banned, out _);

    private static CellEdge[] DeriveCell(double[][] p, IReadOnlyList<string> ops, int nodes, HashSet<int> skipBanned,
        out List<(int Edge, int Op)> chosen)
    {
        Check(p, ops, nodes);
        int none = IndexOf(ops, CellOps.None), skip = IndexOf(ops, CellOps.SkipConnect);
        bool Candidate(int edge, int op) => op != none && !(op == skip && skipBanned.Contains(edge));
        int BestOp(int edge)
        {
            int best = -1;
            for (int o = 0; o < ops.Count; o++)
                if (Candidate(edge, o) && (best < 0 || p[edge][o] > p[edge][best])) best = o;
            if (best < 0) throw new NasUserException("derivation: an edge has no candidate op besides none");
            return best;
        }
        var result = new List<CellEdge>();
        chosen = new List<(int, int)>();
        for (int node = 0; node < nodes; node++)
        {
            var ranked = Enumerable.Range(0, node + 2)
                .Select(j => (Input: j, Edge: SupernetEdges.Index(node, j)))
                .Select(e => (e.Input, e.Edge, Op: BestOp(e.Edge)))
                .OrderByDescending(e => p[e.Edge][e.Op]).ThenBy(e => e.Input)
                .Take(2).OrderBy(e => e.Input).ToArray();
            foreach (var e in ranked)
            {
                result.Add(new CellEdge(ops[e.Op], e.Input));
                chosen.Add((e.Edge, e.Op));
            }
        }
        return result.ToArray();
    }

    /// <summary>
    /// SNAS's child: on every edge the op of highest probability, <c>none</c> included, with no top-2 rule.
    /// Returns the full child (every edge) and its genotype. The genotype format holds two edges per node,
    /// so the genotype keeps, per node, the child's non-<c>none</c> edges (two at most: when a node has more,
    /// the two of highest probability, and <see cref="SnasChild.DroppedEdges"/> counts the rest) padded with
    /// <c>none</c> edges from unused inputs. A node whose edges all chose <c>none</c> gets two <c>none</c> edges.
    /// </summary>
    /// <param name="normal">The normal cell's op probabilities, [edges][ops].</param>
    /// <param name="reduce">The reduction cell's, [edges][ops].</param>
    /// <param name="ops">The op of each column.</param>
    /// <param name="nodes">Intermediate nodes per cell.</param>
    public static SnasChild Snas(double[][] normal, double[][] reduce, IReadOnlyList<string> ops, int nodes = 4)
    {
        var (nFull, nCell, nDropped) = SnasCell(normal, ops, nodes);
        var (rFull, rCell, rDropped) = SnasCell(reduce, ops, nodes);
        var concat = Enumerable.Range(2, nodes).ToArray();
        var genotype = new Genotype(nCell, concat, rCell, concat).Validate();
        return new SnasChild(nFull, rFull, genotype, nDropped + rDropped);
    }

    private static (string[] Full, CellEdge[] Cell, int Dropped) SnasCell(double[][] p, IReadOnlyList<string> ops, int nodes)
    {
        Check(p, ops, nodes);
        var full = p.Select(row => ops[ArgMax(row)]).ToArray();
        var cell = new List<CellEdge>();
        int dropped = 0;
        for (int node = 0; node < nodes; node++)
        {
            var live = Enumerable.Range(0, node + 2)
                .Select(j => (Input: j, Edge: SupernetEdges.Index(node, j)))
                .Where(e => full[e.Edge] != CellOps.None)
                .OrderByDescending(e => p[e.Edge].Max()).ThenBy(e => e.Input).ToList();
            dropped += Math.Max(0, live.Count - 2);
            var kept = live.Take(2).Select(e => new CellEdge(full[e.Edge], e.Input)).ToList();
            for (int j = 0; kept.Count < 2; j++)
                if (kept.All(k => k.Input != j)) kept.Add(new CellEdge(CellOps.None, j));
            cell.AddRange(kept.OrderBy(k => k.Input));
        }
        return (full, cell.ToArray(), dropped);
    }

    private static int ArgMax(double[] row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
        return best;
    }

    private static int IndexOf(IReadOnlyList<string> ops, string name)
    {
        for (int i = 0; i < ops.Count; i++) if (ops[i] == name) return i;
        return -1;
    }

    private static void Check(double[][] p, IReadOnlyList<string> ops, int nodes)
    {
        if (p.Length != SupernetEdges.Count(nodes))
            throw new ArgumentException($"expected {SupernetEdges.Count(nodes)} edges for {nodes} nodes, got {p.Length}", nameof(p));
        if (p.Any(row => row.Length != ops.Count))
            throw new ArgumentException($"every edge needs one probability per op ({ops.Count})", nameof(p));
    }
}
