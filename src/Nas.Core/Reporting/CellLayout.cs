namespace Nas.Reporting;

/// <summary>
/// A small layered (Sugiyama-style) layout, left to right. The inputs take column 0 and every other
/// vertex the column after its rightmost input. An edge that spans several columns gets a waypoint in
/// each column it crosses, so it runs between the nodes instead of under them. Within a column,
/// vertices and waypoints are ordered by the mean position of their neighbours (sweeps forward,
/// backward, forward), then stacked and centred vertically. The inputs keep their order (c_{k-2} on top).
/// </summary>
internal sealed class CellLayout
{
    public const double NodeWidth = 84, NodeHeight = 32, ColumnGap = 150, RowGap = 34, Margin = 24, TitleHeight = 28;

    public CellLayout(CellGraph graph)
    {
        Graph = graph;
        int n = graph.Labels.Count;
        var column = new int[n];
        for (int v = 2; v < n; v++)
            column[v] = graph.Edges.Where(e => e.To == v).Select(e => column[e.From]).DefaultIfEmpty(0).Max() + 1;
        int columns = column.Max() + 1;

        // Slots: a vertex is (v, -1); the waypoint of edge e in column c is (e, c).
        var slots = Enumerable.Range(0, columns).Select(_ => new List<(int Id, int Column)>()).ToArray();
        for (int v = 0; v < n; v++) slots[column[v]].Add((v, -1));
        for (int e = 0; e < graph.Edges.Count; e++)
            for (int c = column[graph.Edges[e].From] + 1; c < column[graph.Edges[e].To]; c++)
                slots[c].Add((e, c));

        // Neighbours of a slot in the previous and the next column.
        IEnumerable<(int, int)> Before((int Id, int Column) s, int c) => s.Column < 0
            ? graph.Edges.Select((e, i) => (e, i)).Where(p => p.e.To == s.Id)
                .Select(p => column[p.e.From] == c - 1 ? (p.e.From, -1) : (p.i, c - 1))
            : new[] { column[graph.Edges[s.Id].From] == c - 1 ? (graph.Edges[s.Id].From, -1) : (s.Id, c - 1) };
        IEnumerable<(int, int)> After((int Id, int Column) s, int c) => s.Column < 0
            ? graph.Edges.Select((e, i) => (e, i)).Where(p => p.e.From == s.Id)
                .Select(p => column[p.e.To] == c + 1 ? (p.e.To, -1) : (p.i, c + 1))
            : new[] { column[graph.Edges[s.Id].To] == c + 1 ? (graph.Edges[s.Id].To, -1) : (s.Id, c + 1) };
        void Sweep(int c, int neighbour, Func<(int, int), int, IEnumerable<(int, int)>> links)
        {
            var position = slots[neighbour].Select((s, i) => (s, i)).ToDictionary(p => p.s, p => (double)p.i);
            slots[c] = slots[c].Select((s, i) => (s, i, links(s, c).Where(position.ContainsKey).Select(k => position[k]).DefaultIfEmpty(i).Average()))
                .OrderBy(p => p.Item3).ThenBy(p => p.i).Select(p => p.s).ToList();
        }
        for (int c = 1; c < columns; c++) Sweep(c, c - 1, Before);
        for (int c = columns - 2; c >= 1; c--) Sweep(c, c + 1, After);
        for (int c = 1; c < columns; c++) Sweep(c, c - 1, Before);

        double ColumnHeight(int count) => count * NodeHeight + (count - 1) * RowGap;
        double body = ColumnHeight(slots.Max(s => s.Count));
        X = new double[n];
        Y = new double[n];
        var waypoints = new Dictionary<(int, int), (double X, double Y)>();
        for (int c = 0; c < columns; c++)
        {
            double top = Margin + TitleHeight + (body - ColumnHeight(slots[c].Count)) / 2;
            double x = Margin + c * (NodeWidth + ColumnGap) + NodeWidth / 2;
            for (int row = 0; row < slots[c].Count; row++)
            {
                double y = top + row * (NodeHeight + RowGap) + NodeHeight / 2;
                var slot = slots[c][row];
                if (slot.Column < 0) { X[slot.Id] = x; Y[slot.Id] = y; }
                else waypoints[slot] = (x, y);
            }
        }
        Paths = graph.Edges.Select((e, i) =>
        {
            var points = new List<(double, double)> { (X[e.From] + NodeWidth / 2, Y[e.From]) };
            for (int c = column[e.From] + 1; c < column[e.To]; c++)
            {
                var (wx, wy) = waypoints[(i, c)];
                points.Add((wx - NodeWidth / 2, wy));
                points.Add((wx + NodeWidth / 2, wy));
            }
            points.Add((X[e.To] - NodeWidth / 2, Y[e.To]));
            return (IReadOnlyList<(double X, double Y)>)points;
        }).ToArray();
        Width = 2 * Margin + columns * NodeWidth + (columns - 1) * ColumnGap;
        Height = 2 * Margin + TitleHeight + body;
    }

    public CellGraph Graph { get; }

    /// <summary>Centre of each vertex.</summary>
    public double[] X { get; }

    /// <summary>Centre of each vertex.</summary>
    public double[] Y { get; }

    /// <summary>
    /// For each edge of <see cref="CellGraph.Edges"/>: where it leaves its source, the points where it
    /// enters and leaves each column it crosses (pairs joined by straight lines), and where it enters its target.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<(double X, double Y)>> Paths { get; }

    public double Width { get; }
    public double Height { get; }
}
