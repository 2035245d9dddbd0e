using Nas.Architectures;
using static TorchSharp.torch;

namespace Nas.Torch.Evaluation;

/// <summary>
/// Parameter reuse across trials (weight inheritance, as in Real et al.'s large-scale evolution): the trained weights
/// of recent trials are kept, and a new child starts from those of the nearest one (fewest decisions different, at most
/// <see cref="MaxDistance"/>; the better one on ties). Every parameter and buffer of the same name is copied: whole
/// where the shapes agree, else the part they share (leading channels, the centre of a kernel), the rest keeping its
/// fresh initialisation. A mutated child thus differs from its parent only where the mutation changed the network.
/// Weights are kept as plain arrays, in memory only: a resumed search reuses the trials it trains after the resume.
/// Thread-safe.
/// </summary>
public sealed class WeightInheritance
{
    private readonly LinkedList<TrainedWeights> _kept = new();
    private readonly object _gate = new();

    /// <param name="maxDistance">The most decisions a child may differ in from the trial it inherits from.</param>
    /// <param name="capacity">How many trials' weights are kept (the oldest go first).</param>
    public WeightInheritance(int maxDistance = 2, int capacity = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        (MaxDistance, Capacity) = (maxDistance, capacity);
    }

    /// <summary>The most decisions a child may differ in from the trial it inherits from.</summary>
    public int MaxDistance { get; }

    /// <summary>How many trials' weights are kept.</summary>
    public int Capacity { get; }

    /// <summary>How many trials' weights are kept now.</summary>
    public int Count { get { lock (_gate) return _kept.Count; } }

    /// <summary>Keeps a trained network's weights (copied out: the network may be freed at once).</summary>
    /// <param name="architecture">The network's architecture.</param>
    /// <param name="network">The trained network.</param>
    /// <param name="score">Its validation score; ties between equally near trials go to the better one.</param>
    public void Remember(Architecture architecture, nn.Module network, double score)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(network);
        var tensors = new Dictionary<string, (long[], float[])>();
        using (no_grad())
            foreach (var (name, t) in TensorsOf(network))
                if (t.dtype == ScalarType.Float32)
                    tensors[name] = (t.shape, t.detach().cpu().contiguous().data<float>().ToArray());
        lock (_gate)
        {
            _kept.AddLast(new TrainedWeights(architecture, score, tensors));
            while (_kept.Count > Capacity) _kept.RemoveFirst();
        }
    }

    /// <summary>The kept trial nearest to <paramref name="architecture"/>, within <see cref="MaxDistance"/>; null when none is.</summary>
    /// <param name="architecture">The child's architecture.</param>
    public TrainedWeights? Nearest(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        lock (_gate)
            return _kept.Select(k => (Kept: k, Distance: Distance(architecture, k.Architecture)))
                .Where(c => c.Distance <= MaxDistance)
                .OrderBy(c => c.Distance).ThenByDescending(c => c.Kept.Score)
                .Select(c => c.Kept).FirstOrDefault();
    }

    /// <summary>How many decisions two architectures differ in (<see cref="Strategies.ArchitectureMutator.Differences"/>); of different spaces, <see cref="int.MaxValue"/>.</summary>
    /// <param name="a">One architecture.</param>
    /// <param name="b">The other.</param>
    public static int Distance(Architecture a, Architecture b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Space.Name != b.Space.Name ? int.MaxValue : Strategies.ArchitectureMutator.Differences(a, b);
    }

    /// <summary>Copies the kept weights into a network; returns how many of its tensors received some of them.</summary>
    /// <param name="from">The kept weights.</param>
    /// <param name="network">The child's freshly initialised network.</param>
    public static int Inherit(TrainedWeights from, nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(network);
        int received = 0;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, target) in TensorsOf(network))
        {
            if (target.dtype != ScalarType.Float32 || !from.Tensors.TryGetValue(name, out var kept) || kept.Shape.Length != target.shape.Length) continue;
            var source = tensor(kept.Values).reshape(kept.Shape);
            var into = target;
            bool any = true;
            for (int d = 0; d < kept.Shape.Length && any; d++)
            {
                long s = kept.Shape[d], t = target.shape[d], n = Math.Min(s, t);
                any = n > 0;
                if (s == t || !any) continue;
                // Channels (the first two dimensions) keep their leading part; spatial dimensions their centre.
                bool spatial = d >= 2;
                source = source.narrow(d, spatial ? (s - n) / 2 : 0, n);
                into = into.narrow(d, spatial ? (t - n) / 2 : 0, n);
            }
            if (!any) continue;
            into.copy_(source);
            received++;
        }
        return received;
    }

    private static IEnumerable<(string Name, Tensor Tensor)> TensorsOf(nn.Module network) =>
        network.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(network.named_buffers().Select(b => (b.name, b.buffer)));
}
