using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Torch.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Enas;

/// <summary>
/// The shared graph of an <c>enas-cell</c> space, laid out as ENAS's micro search child: a 3×3
/// convolution stem to 3C channels with BN, then N normal cells, a reduction cell, N normal cells, a
/// reduction cell and N normal cells (3N + 2 cells; C doubles at each reduction), global average pooling
/// and a linear classifier. Every cell is an <see cref="EnasMicroSharedCell"/> with its own weights; the
/// normal cells all read the child's normal half, the reduction cells its reduce half.
/// </summary>
public sealed class EnasMicroSharedNetwork : SharedNetwork
{
    private readonly Conv2d _stem;
    private readonly BatchNorm2d _stemBn;
    private readonly ModuleList<EnasMicroSharedCell> _cells = new();
    private readonly Linear _classifier;

    /// <param name="space">An enas-cell space.</param>
    /// <param name="input">Image shape and classes.</param>
    /// <param name="channels">C of the first cells (ENAS: 20).</param>
    /// <param name="normalCells">N ≥ 1, normal cells per stage (ENAS's search child: 2).</param>
    public EnasMicroSharedNetwork(SearchSpace space, InputShape input, int channels, int normalCells) : base(nameof(EnasMicroSharedNetwork))
    {
        if (space.Name != EnasCellSpace.Name) throw new NasUserException($"expected an {EnasCellSpace.Name} space, got {space.Name}");
        if (channels < 2) throw new NasUserException($"{EnasCellSpace.Name}: channels must be at least 2, got {channels}");
        if (normalCells < 1) throw new NasUserException($"{EnasCellSpace.Name}: normal cells per stage must be at least 1, got {normalCells}");
        Space = space;
        var options = CellSpace.OptionsOf(space);
        int stem = 3 * channels;
        _stem = nn.Conv2d(input.Channels, stem, 3, padding: 1, bias: false);
        _stemBn = global::Nas.Torch.Ops.Norms.BatchNorm2d(stem);
        // bigPrevPrev: input 0 of the next cell is at twice its resolution (it precedes a reduction).
        int cPrevPrev = stem, cPrev = stem, c = channels;
        bool bigPrevPrev = false;
        for (int stage = 0; stage < 3; stage++)
        {
            if (stage > 0)
            {
                c *= 2;
                _cells.Add(new EnasMicroSharedCell(options.Ops, options.Nodes, cPrevPrev, true, cPrev, true, c, reduction: true));
                (cPrevPrev, cPrev, bigPrevPrev) = (cPrev, c, true);
            }
            for (int n = 0; n < normalCells; n++)
            {
                _cells.Add(new EnasMicroSharedCell(options.Ops, options.Nodes, cPrevPrev, bigPrevPrev, cPrev, false, c, reduction: false));
                (cPrevPrev, cPrev, bigPrevPrev) = (cPrev, c, false);
            }
        }
        _classifier = nn.Linear(cPrev, input.Classes);
        RegisterComponents();
        DetachFromScopes();
    }

    /// <inheritdoc/>
    public override SearchSpace Space { get; }

    /// <summary>The cells, in order.</summary>
    internal IReadOnlyList<EnasMicroSharedCell> Cells => _cells.ToArray();

    /// <summary>The logits [B, classes] of <paramref name="child"/> (an enas-cell architecture) on <paramref name="images"/>, through its ops only.</summary>
    /// <param name="images">Images [B, C, H, W].</param>
    /// <param name="child">An architecture of the graph's space.</param>
    public override Tensor forward(Tensor images, Architecture child) => Forward(images, CellSpace.ToGenotype(child));

    /// <summary>The logits of a child given as its genotype.</summary>
    /// <param name="images">Images [B, C, H, W].</param>
    /// <param name="child">The child's cells.</param>
    public Tensor Forward(Tensor images, Genotype child)
    {
        using var scope = NewDisposeScope();
        var s0 = _stemBn.call(_stem.call(images));
        var s1 = s0;
        foreach (var cell in _cells) (s0, s1) = (s1, cell.call(s0, s1, child));
        var pooled = nn.functional.adaptive_avg_pool2d(s1, 1).flatten(1);
        return _classifier.call(pooled).MoveToOuterDisposeScope();
    }
}
