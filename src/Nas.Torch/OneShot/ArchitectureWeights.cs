using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// Alpha: the architecture parameters of a supernet, one row of op logits per edge, for the normal and
/// for the reduction cells, kept apart from the network's weights. Initialised as in DARTS
/// (1e-3 × a standard normal, from a seeded generator). The tensors are long-lived: detached from any
/// dispose scope, freed by <see cref="Dispose"/>.
/// </summary>
public sealed class ArchitectureWeights : IDisposable
{
    /// <param name="edges">Edges per cell.</param>
    /// <param name="ops">Candidate ops per edge.</param>
    /// <param name="seed">Seed of the initial values.</param>
    /// <param name="dtype">Element type (float32 unless a test needs float64).</param>
    public ArchitectureWeights(int edges, int ops, int seed, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        using var scale = 1e-3.ToScalar(); // held to the end: a temporary Scalar may be freed mid-call
        Normal = Create(randn(new long[] { edges, ops }, generator: generator).mul(scale).to(dtype));
        Reduce = Create(randn(new long[] { edges, ops }, generator: generator).mul(scale).to(dtype));
    }

    /// <summary>A long-lived parameter holding a copy of <paramref name="values"/>, detached from every dispose scope.</summary>
    internal static Parameter Create(Tensor values)
    {
        var data = values.detach().clone();
        var parameter = new Parameter(data);
        parameter.DetachFromDisposeScope();
        data.Dispose(); // the parameter took its handle; this only retires the emptied wrapper
        return parameter;
    }

    /// <summary>Alpha of the normal cells, [edges, ops].</summary>
    public Parameter Normal { get; }

    /// <summary>Alpha of the reduction cells, [edges, ops].</summary>
    public Parameter Reduce { get; }

    /// <summary>Both, for an optimiser.</summary>
    public IReadOnlyList<Parameter> Parameters => new[] { Normal, Reduce };

    /// <summary>Per-edge softmax of one alpha as plain numbers, [edges][ops].</summary>
    /// <param name="alpha">Logits [edges, ops].</param>
    public static double[][] Probabilities(Tensor alpha)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var p = nn.functional.softmax(alpha.detach().to(float64), -1).cpu();
        int edges = (int)p.shape[0], ops = (int)p.shape[1];
        var flat = p.data<double>().ToArray();
        return Enumerable.Range(0, edges).Select(e => flat.AsSpan(e * ops, ops).ToArray()).ToArray();
    }

    /// <summary>Alpha's values as plain numbers, [edges][ops] (for tests and logs).</summary>
    /// <param name="alpha">Logits [edges, ops].</param>
    public static double[][] Values(Tensor alpha)
    {
        using var scope = NewDisposeScope();
        var p = alpha.detach().to(float64).cpu();
        int edges = (int)p.shape[0], ops = (int)p.shape[1];
        var flat = p.data<double>().ToArray();
        return Enumerable.Range(0, edges).Select(e => flat.AsSpan(e * ops, ops).ToArray()).ToArray();
    }

    /// <summary>Frees both alpha tensors.</summary>
    public void Dispose()
    {
        Normal.Dispose();
        Reduce.Dispose();
    }
}
