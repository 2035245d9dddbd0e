using Nas.OneShot;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// Alpha of the DARTS recurrent search: one row of op logits per edge of the DAG cell
/// (<see cref="RecurrentDerivation"/> layout), 1e-3 × a standard normal from a seeded generator, as DARTS.
/// Kept apart from the model's weights, so <c>model.parameters()</c> never holds it. Long-lived: detached
/// from any dispose scope, freed by <see cref="Dispose"/>.
/// </summary>
public sealed class RecurrentArchitectureWeights : IDisposable
{
    /// <param name="nodes">Nodes of the cell after the input node.</param>
    /// <param name="seed">Seeds the generator of the initial logits.</param>
    /// <param name="dtype">The logits' type.</param>
    public RecurrentArchitectureWeights(int nodes, int seed, ScalarType dtype = ScalarType.Float32)
    {
        Nodes = nodes;
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        using var scale = 1e-3.ToScalar(); // held to the end: a temporary Scalar may be freed mid-call
        Alpha = ArchitectureWeights.Create(randn(new long[] { RecurrentDerivation.Edges(nodes), RecurrentDerivation.Ops.Count }, generator: generator).mul(scale).to(dtype));
    }

    /// <summary>Nodes of the cell after the input node.</summary>
    public int Nodes { get; }

    /// <summary>The logits, [edges, ops].</summary>
    public Parameter Alpha { get; }

    /// <summary>
    /// Op weights that a forward uses in place of softmax(alpha) while set: SNAS's Gumbel-softmax sample of a
    /// window, or a derived cell's one-hot rows. The setter does not own it: it belongs to the caller's dispose scope.
    /// </summary>
    public Tensor? Sample { get; set; }

    /// <summary>The op weights of a forward, [edges, ops]: <see cref="Sample"/> when set, else softmax of alpha per edge.</summary>
    public Tensor OpWeights() => Sample ?? nn.functional.softmax(Alpha, -1);

    /// <summary>Softmax per edge as plain numbers, [edges][ops].</summary>
    public double[][] Probabilities() => ArchitectureWeights.Probabilities(Alpha);

    /// <summary>Frees alpha.</summary>
    public void Dispose() => Alpha.Dispose();
}
