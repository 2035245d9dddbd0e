namespace Nas.Spaces.Recurrent;

/// <summary>
/// The published recurrent cells (DARTS reference code's <c>rnn/genotypes.py</c>). Their names clash with
/// the CNN cells of <see cref="Cells.PublishedGenotypes"/>, so they live in their own catalog: a front end
/// resolves a name here when the context is recurrent (a text data set, an rnn space, the PTB network).
/// </summary>
public static class PublishedRecurrentGenotypes
{
    private static RecurrentStep S(string activation, int input) => new(activation, input);

    /// <summary>DARTS's first-order recurrent cell: 8 nodes, the output the mean of all.</summary>
    public static RecurrentGenotype DartsV1 { get; } = new(
        new[] { S("relu", 0), S("relu", 1), S("tanh", 2), S("relu", 3), S("relu", 4), S("identity", 1), S("relu", 5), S("relu", 1) },
        Enumerable.Range(1, 8));

    /// <summary>DARTS's second-order recurrent cell, the paper's: 8 nodes, the output the mean of all.</summary>
    public static RecurrentGenotype DartsV2 { get; } = new(
        new[] { S("sigmoid", 0), S("relu", 1), S("relu", 1), S("identity", 1), S("tanh", 2), S("sigmoid", 5), S("tanh", 3), S("relu", 5) },
        Enumerable.Range(1, 8));

    /// <summary>The ENAS recurrent cell in DARTS format: 11 nodes, the output the mean of its loose ends.</summary>
    public static RecurrentGenotype Enas { get; } = new(
        new[] { S("tanh", 0), S("tanh", 1), S("relu", 1), S("tanh", 3), S("tanh", 3), S("relu", 3), S("relu", 4), S("relu", 7), S("relu", 8), S("relu", 8), S("relu", 8) },
        new[] { 2, 5, 6, 9, 10, 11 });

    /// <summary>The cells by name (case-insensitive).</summary>
    public static IReadOnlyDictionary<string, RecurrentGenotype> All { get; } = new Dictionary<string, RecurrentGenotype>(StringComparer.OrdinalIgnoreCase)
    {
        ["DARTS_V1"] = DartsV1,
        ["DARTS_V2"] = DartsV2,
        ["ENAS"] = Enas,
    };

    /// <summary>The cell with this name, or null.</summary>
    /// <param name="name">DARTS_V1, DARTS_V2 or ENAS (case-insensitive).</param>
    public static RecurrentGenotype? Find(string name) => All.TryGetValue(name, out var g) ? g : null;
}
