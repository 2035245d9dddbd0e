using Nas.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Enas;

/// <summary>
/// An ENAS shared graph: one network holding the weights of every child of a space. <c>call(images, child)</c>
/// runs only the child's subgraph and returns its logits; weights of ops the child did not choose take no
/// part in the pass and get no gradient.
/// </summary>
/// <remarks>
/// Batch norm follows the ENAS code: every op owns its batch norm (with scale and offset, as ENAS's
/// <c>batch_norm</c> creates them), and during the search the graph always normalises with the statistics of
/// the batch at hand, the shared-weight steps and the controller's reward passes alike (ENAS builds its
/// reward graph with <c>is_training=True</c>). The search therefore never switches the graph to eval mode;
/// running statistics are kept but unused until a fixed child built from the same classes is evaluated.
/// The parameters are detached from every dispose scope when built: the graph owns them for its life.
/// </remarks>
public abstract class SharedNetwork : nn.Module<Tensor, Architecture, Tensor>
{
    /// <param name="name">The module's name.</param>
    protected SharedNetwork(string name) : base(name) { }

    /// <summary>The space whose children this graph runs.</summary>
    public abstract Nas.Spaces.SearchSpace Space { get; }

    /// <summary>Takes the parameters and buffers out of whatever dispose scope the graph was built in.</summary>
    protected void DetachFromScopes()
    {
        foreach (var p in parameters()) p.DetachFromDisposeScope();
        foreach (var b in buffers()) b.DetachFromDisposeScope();
    }
}
