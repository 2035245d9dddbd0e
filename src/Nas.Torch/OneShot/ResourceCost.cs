using Nas.Torch.Runtime;
using Nas.Torch.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// The cost of every candidate op of every edge of a supernet, summed over the cells of each kind, so
/// that Σ p·cost over edges and ops is the expected cost of a child drawn from the op distributions p
/// (SNAS's resource constraint; the cost is linear in the one-hot choices, so its expectation is exact
/// and differentiable in alpha). Measured once by running each op on one example of its input shape.
/// </summary>
public sealed class ResourceCost
{
    private ResourceCost(ResourceKind kind, double[][] normal, double[][] reduce)
    {
        Kind = kind;
        Normal = normal;
        Reduce = reduce;
        Maximum = normal.Concat(reduce).Sum(row => row.Max());
    }

    /// <summary>What is counted: parameters, multiply-adds or memory access.</summary>
    public ResourceKind Kind { get; }

    /// <summary>Cost per edge and op, summed over the normal cells, [edges][ops].</summary>
    public double[][] Normal { get; }

    /// <summary>Cost per edge and op, summed over the reduction cells, [edges][ops].</summary>
    public double[][] Reduce { get; }

    /// <summary>The cost of the most expensive child (the most expensive op on every edge): the penalty's scale.</summary>
    public double Maximum { get; }

    /// <summary>Measures the ops of <paramref name="network"/> for images of <paramref name="imageSize"/> pixels a side.</summary>
    /// <param name="network">The supernet whose candidate ops are measured.</param>
    /// <param name="kind">What to count.</param>
    /// <param name="imageSize">The input images' side in pixels.</param>
    public static ResourceCost Measure(Supernet network, ResourceKind kind, int imageSize)
    {
        int edges = network.EdgeCount, ops = network.Registry.Names.Length;
        var normal = NewMatrix(edges, ops);
        var reduce = NewMatrix(edges, ops);
        bool wasTraining = network.training;
        int size = imageSize;
        foreach (var cell in network.Cells)
        {
            var target = cell.IsReduction ? reduce : normal;
            int inputSize = size, outputSize = cell.IsReduction ? (size + 1) / 2 : size;
            var all = Nas.OneShot.SupernetEdges.All(network.Nodes);
            for (int e = 0; e < edges; e++)
            {
                bool strided = cell.IsReduction && all[e].Input < 2;
                int side = strided ? inputSize : outputSize;
                for (int o = 0; o < ops; o++)
                    target[e][o] += Cost(cell.Edges[e].Op(o), network.Registry.Names[o], kind, cell.Channels, side, outputSize);
            }
            size = outputSize;
        }
        network.train(wasTraining);
        return new ResourceCost(kind, normal, reduce);
    }

    /// <summary>Σ p·cost: the expected cost under per-edge op probabilities (tensors [edges, ops]).</summary>
    /// <param name="normalProbabilities">The normal cell's op probabilities, [edges, ops].</param>
    /// <param name="reduceProbabilities">The reduction cell's, [edges, ops].</param>
    public Tensor Expected(Tensor normalProbabilities, Tensor reduceProbabilities)
    {
        using var scope = NewDisposeScope();
        var n = tensor(Normal.SelectMany(r => r).ToArray(), dtype: normalProbabilities.dtype).reshape(normalProbabilities.shape);
        var r = tensor(Reduce.SelectMany(r => r).ToArray(), dtype: reduceProbabilities.dtype).reshape(reduceProbabilities.shape);
        return normalProbabilities.mul(n).sum().add(reduceProbabilities.mul(r).sum(), HeldScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>Σ p·cost on plain numbers.</summary>
    /// <param name="normalProbabilities">The normal cell's op probabilities, [edges][ops].</param>
    /// <param name="reduceProbabilities">The reduction cell's, [edges][ops].</param>
    public double Expected(double[][] normalProbabilities, double[][] reduceProbabilities) =>
        Dot(normalProbabilities, Normal) + Dot(reduceProbabilities, Reduce);

    private static double Dot(double[][] p, double[][] c) => p.Select((row, e) => row.Select((x, o) => x * c[e][o]).Sum()).Sum();

    private static double Cost(nn.Module<Tensor, Tensor> op, string name, ResourceKind kind, int channels, int inputSide, int outputSide)
    {
        if (name == Nas.Spaces.Cells.CellOps.None) return 0;
        long parameters = ModelStatistics.Parameters(op);
        switch (kind)
        {
            case ResourceKind.Params:
                return parameters;
            case ResourceKind.Madds:
                return ModelStatistics.MultiplyAdds(op, new long[] { channels, inputSide, inputSide });
            default:
                if (op is Ops.Identity) return 0;
                return (double)channels * inputSide * inputSide + (double)channels * outputSide * outputSide + parameters;
        }
    }

    private static double[][] NewMatrix(int rows, int columns) => Enumerable.Range(0, rows).Select(_ => new double[columns]).ToArray();
}
