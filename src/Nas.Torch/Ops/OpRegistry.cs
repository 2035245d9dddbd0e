using System.Collections.Immutable;
using Nas.Spaces.Cells;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Ops;

/// <summary>
/// An ordered, read-only map from op name to <see cref="OpFactory"/>: the one place that says what
/// each name of <see cref="CellOps"/> builds. The same registry builds a supernet's mixed ops
/// (<c>affine: false</c>) and a final network's edges (<c>affine: true</c>). Adding an op is its module's file and
/// one <see cref="Register"/> line (built-in ops are listed here).
/// </summary>
public sealed class OpRegistry
{
    /// <summary>The name of the zero op, as a constant so nobody looks it up by position.</summary>
    public const string None = CellOps.None;

    private readonly object _gate = new();
    private ImmutableDictionary<string, OpFactory> _factories;

    private OpRegistry(IEnumerable<(string Name, OpFactory Factory)> entries)
    {
        var list = entries.ToArray();
        Names = list.Select(e => e.Name).ToImmutableArray();
        _factories = list.ToImmutableDictionary(e => e.Name, e => e.Factory, StringComparer.Ordinal);
    }

    /// <summary>
    /// Adds an op (or replaces the factory of one), and makes its name known to spaces and genotypes
    /// (<see cref="CellOps.Register"/>): a cell space can then list it among its ops.
    /// </summary>
    /// <param name="name">The op's name, lowercase (<c>my_op</c>).</param>
    /// <param name="factory">Builds the op from (channels, stride, affine); C channels in, C out, the resolution halved at stride 2.</param>
    public void Register(string name, OpFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        CellOps.Register(name);
        lock (_gate)
        {
            if (!_factories.ContainsKey(name)) Names = Names.Add(name);
            _factories = _factories.SetItem(name, factory);
        }
    }

    /// <summary>Every op, in the order of <see cref="CellOps.All"/>.</summary>
    public static OpRegistry Default { get; } = new(new (string, OpFactory)[]
    {
        (CellOps.None, (c, s, affine) => new Zero(s)),
        (CellOps.MaxPool3x3, (c, s, affine) => nn.MaxPool2d(3, stride: s, padding: 1)),
        (CellOps.AvgPool3x3, (c, s, affine) => nn.AvgPool2d(3, stride: s, padding: 1, count_include_pad: false)),
        (CellOps.SkipConnect, (c, s, affine) => s == 1 ? new Identity() : new FactorizedReduce(c, c, affine)),
        (CellOps.SepConv3x3, (c, s, affine) => new SepConv(c, c, 3, s, 1, affine)),
        (CellOps.SepConv5x5, (c, s, affine) => new SepConv(c, c, 5, s, 2, affine)),
        (CellOps.SepConv7x7, (c, s, affine) => new SepConv(c, c, 7, s, 3, affine)),
        (CellOps.DilConv3x3, (c, s, affine) => new DilConv(c, c, 3, s, 2, 2, affine)),
        (CellOps.DilConv5x5, (c, s, affine) => new DilConv(c, c, 5, s, 4, 2, affine)),
        (CellOps.Conv7x1And1x7, (c, s, affine) => new Conv7x1And1x7(c, s, affine)),
    });

    /// <summary>DARTS's eight searched primitives (<see cref="CellOps.DartsPrimitives"/>), <c>none</c> included.</summary>
    public static OpRegistry Darts { get; } = Default.Subset(CellOps.DartsPrimitives);

    /// <summary>
    /// The ENAS micro set (<see cref="CellOps.EnasMicro"/>): identity, sep_conv 3×3 and 5×5, average
    /// and max pooling. Its <c>skip_connect</c> is the same entry as in <see cref="Default"/>: identity at
    /// stride 1, a factorized reduce on the stride-2 edges of a reduction cell.
    /// </summary>
    public static OpRegistry EnasMicro { get; } = Default.Subset(CellOps.EnasMicro);

    /// <summary>The op names, in order.</summary>
    public ImmutableArray<string> Names { get; private set; }

    /// <summary>True when the registry has an op of that name.</summary>
    /// <param name="name">An op name.</param>
    public bool Contains(string name) => _factories.ContainsKey(name);

    /// <summary>The factory of an op; throws <see cref="NasUserException"/> listing the known names.</summary>
    public OpFactory this[string name] => _factories.TryGetValue(name, out var f) ? f
        : throw new NasUserException($"unknown op '{name}' (known: {string.Join(", ", Names)})");

    /// <summary>Builds an op.</summary>
    /// <param name="name">The op's name.</param>
    /// <param name="channels">C, its input and output channels.</param>
    /// <param name="stride">1, or 2 on the edges that halve the resolution.</param>
    /// <param name="affine">Whether its batch norms learn a scale and an offset (false in supernets, as DARTS).</param>
    public nn.Module<Tensor, Tensor> Create(string name, int channels, int stride, bool affine)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), "channels must be positive");
        if (stride is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(stride), "stride must be 1 or 2");
        return this[name](channels, stride, affine);
    }

    /// <summary>A registry of some of these ops, in the order given.</summary>
    /// <param name="names">Names of ops of this registry.</param>
    public OpRegistry Subset(IEnumerable<string> names) => new(names.Select(n => (n, this[n])));
}
