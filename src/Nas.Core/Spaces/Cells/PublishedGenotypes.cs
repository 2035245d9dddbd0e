namespace Nas.Spaces.Cells;

/// <summary>
/// The published CNN cells as named constants, transcribed from the DARTS reference code's
/// <c>genotypes.py</c> (NASNet-A, AmoebaNet-A, DARTS first and second order), ENAS as written in
/// DARTS format by NSGA-Net, and the three SNAS cells from the SNAS authors' release. Look one up by
/// name with <see cref="Get"/>.
/// </summary>
public static class PublishedGenotypes
{
    /// <summary>NASNet-A (Zoph et al. 2018), 5 nodes.</summary>
    public static readonly Genotype NASNet = Make(
        [("sep_conv_5x5", 1), ("sep_conv_3x3", 0), ("sep_conv_5x5", 0), ("sep_conv_3x3", 0), ("avg_pool_3x3", 1),
         ("skip_connect", 0), ("avg_pool_3x3", 0), ("avg_pool_3x3", 0), ("sep_conv_3x3", 1), ("skip_connect", 1)],
        [2, 3, 4, 5, 6],
        [("sep_conv_5x5", 1), ("sep_conv_7x7", 0), ("max_pool_3x3", 1), ("sep_conv_7x7", 0), ("avg_pool_3x3", 1),
         ("sep_conv_5x5", 0), ("skip_connect", 3), ("avg_pool_3x3", 2), ("sep_conv_3x3", 2), ("max_pool_3x3", 1)],
        [4, 5, 6]);

    /// <summary>AmoebaNet-A (Real et al. 2019), 5 nodes.</summary>
    public static readonly Genotype AmoebaNet = Make(
        [("avg_pool_3x3", 0), ("max_pool_3x3", 1), ("sep_conv_3x3", 0), ("sep_conv_5x5", 2), ("sep_conv_3x3", 0),
         ("avg_pool_3x3", 3), ("sep_conv_3x3", 1), ("skip_connect", 1), ("skip_connect", 0), ("avg_pool_3x3", 1)],
        [4, 5, 6],
        [("avg_pool_3x3", 0), ("sep_conv_3x3", 1), ("max_pool_3x3", 0), ("sep_conv_7x7", 2), ("sep_conv_7x7", 0),
         ("avg_pool_3x3", 1), ("max_pool_3x3", 0), ("max_pool_3x3", 1), ("conv_7x1_1x7", 0), ("sep_conv_3x3", 5)],
        [3, 4, 6]);

    /// <summary>DARTS, first-order search.</summary>
    public static readonly Genotype DARTS_V1 = Make(
        [("sep_conv_3x3", 1), ("sep_conv_3x3", 0), ("skip_connect", 0), ("sep_conv_3x3", 1), ("skip_connect", 0),
         ("sep_conv_3x3", 1), ("sep_conv_3x3", 0), ("skip_connect", 2)],
        [2, 3, 4, 5],
        [("max_pool_3x3", 0), ("max_pool_3x3", 1), ("skip_connect", 2), ("max_pool_3x3", 0), ("max_pool_3x3", 0),
         ("skip_connect", 2), ("skip_connect", 2), ("avg_pool_3x3", 0)],
        [2, 3, 4, 5]);

    /// <summary>DARTS, second-order search: the paper's cell (3.3 M parameters at C=36, 20 layers).</summary>
    public static readonly Genotype DARTS_V2 = Make(
        [("sep_conv_3x3", 0), ("sep_conv_3x3", 1), ("sep_conv_3x3", 0), ("sep_conv_3x3", 1), ("sep_conv_3x3", 1),
         ("skip_connect", 0), ("skip_connect", 0), ("dil_conv_3x3", 2)],
        [2, 3, 4, 5],
        [("max_pool_3x3", 0), ("max_pool_3x3", 1), ("skip_connect", 2), ("max_pool_3x3", 1), ("max_pool_3x3", 0),
         ("skip_connect", 2), ("skip_connect", 2), ("max_pool_3x3", 1)],
        [2, 3, 4, 5]);

    /// <summary>The reference code's default: an alias of <see cref="DARTS_V2"/>.</summary>
    public static readonly Genotype DARTS = DARTS_V2;

    /// <summary>The ENAS micro cell (Pham et al. 2018) in DARTS format, 5 nodes.</summary>
    public static readonly Genotype ENAS = Make(
        [("sep_conv_3x3", 1), ("skip_connect", 1), ("sep_conv_5x5", 1), ("skip_connect", 0), ("avg_pool_3x3", 0),
         ("sep_conv_3x3", 1), ("sep_conv_3x3", 0), ("avg_pool_3x3", 0), ("sep_conv_5x5", 1), ("avg_pool_3x3", 0)],
        [2, 3, 4, 5, 6],
        [("sep_conv_5x5", 0), ("avg_pool_3x3", 1), ("sep_conv_3x3", 1), ("avg_pool_3x3", 1), ("avg_pool_3x3", 1),
         ("sep_conv_3x3", 1), ("sep_conv_5x5", 4), ("avg_pool_3x3", 1), ("sep_conv_3x3", 5), ("sep_conv_5x5", 0)],
        [2, 3, 6]);

    /// <summary>SNAS with the mild resource constraint (Xie et al. 2019).</summary>
    public static readonly Genotype SNAS_mild = Make(
        [("sep_conv_3x3", 0), ("sep_conv_3x3", 1), ("skip_connect", 0), ("dil_conv_3x3", 1), ("skip_connect", 0),
         ("skip_connect", 1), ("skip_connect", 0), ("sep_conv_3x3", 1)],
        [2, 3, 4, 5],
        [("max_pool_3x3", 0), ("max_pool_3x3", 1), ("max_pool_3x3", 1), ("skip_connect", 2), ("max_pool_3x3", 1),
         ("skip_connect", 2), ("max_pool_3x3", 0), ("dil_conv_5x5", 2)],
        [2, 3, 4, 5]);

    /// <summary>SNAS with the moderate resource constraint.</summary>
    public static readonly Genotype SNAS_moderate = Make(
        [("dil_conv_5x5", 0), ("skip_connect", 1), ("sep_conv_3x3", 0), ("skip_connect", 1), ("skip_connect", 0),
         ("skip_connect", 1), ("sep_conv_3x3", 0), ("dil_conv_5x5", 1)],
        [2, 3, 4, 5],
        [("max_pool_3x3", 0), ("max_pool_3x3", 1), ("sep_conv_5x5", 0), ("dil_conv_5x5", 1), ("sep_conv_5x5", 0),
         ("sep_conv_5x5", 1), ("sep_conv_5x5", 0), ("sep_conv_5x5", 1)],
        [2, 3, 4, 5]);

    /// <summary>The one published cell that uses <c>none</c> (in its reduction cell).</summary>
    public static readonly Genotype SNAS_aggressive = Make(
        [("sep_conv_5x5", 0), ("skip_connect", 1), ("skip_connect", 0), ("skip_connect", 1), ("dil_conv_5x5", 1),
         ("skip_connect", 0), ("skip_connect", 0), ("dil_conv_5x5", 1)],
        [2, 3, 4, 5],
        [("sep_conv_5x5", 0), ("none", 1), ("sep_conv_5x5", 0), ("none", 1), ("none", 1),
         ("none", 0), ("none", 1), ("none", 0)],
        [2, 3, 4, 5]);

    private static readonly (string Name, Genotype Genotype)[] _all =
    [
        (nameof(NASNet), NASNet), (nameof(AmoebaNet), AmoebaNet), (nameof(DARTS_V1), DARTS_V1),
        (nameof(DARTS_V2), DARTS_V2), (nameof(DARTS), DARTS), (nameof(ENAS), ENAS), (nameof(SNAS_mild), SNAS_mild),
        (nameof(SNAS_moderate), SNAS_moderate), (nameof(SNAS_aggressive), SNAS_aggressive),
    ];

    /// <summary>The known names, aliases included, in the order above.</summary>
    public static IReadOnlyList<string> Names { get; } = _all.Select(p => p.Name).ToArray();

    /// <summary>The genotype of that name, ignoring case, or null.</summary>
    /// <param name="name">NASNet, AmoebaNet, DARTS_V1, DARTS_V2, DARTS, ENAS, SNAS_mild, SNAS_moderate or SNAS_aggressive.</param>
    public static Genotype? Find(string name) =>
        _all.FirstOrDefault(p => string.Equals(p.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)).Genotype;

    /// <summary>The genotype of that name, ignoring case; throws <see cref="NasUserException"/> listing the known names.</summary>
    /// <param name="name">A published cell's name (see <see cref="Find"/>).</param>
    public static Genotype Get(string name) => Find(name)
        ?? throw new NasUserException($"unknown genotype '{name}' (known: {string.Join(", ", Names)})");

    private static Genotype Make((string Op, int Input)[] normal, int[] normalConcat, (string Op, int Input)[] reduce, int[] reduceConcat) =>
        new(normal.Select(e => new CellEdge(e.Op, e.Input)).ToArray(), normalConcat,
            reduce.Select(e => new CellEdge(e.Op, e.Input)).ToArray(), reduceConcat);
}
