using System.Collections.Immutable;

namespace Nas.Spaces.Recurrent;

/// <summary>
/// A DAG recurrent cell as data, in the DARTS reference format: node 0 is the cell's input node
/// (a gated mix of <c>x_t</c> and <c>h_{t-1}</c>), step i (1-based) is node i and reads one earlier node;
/// the cell's output is the mean of the nodes in <see cref="Concat"/>.
/// </summary>
public sealed record RecurrentGenotype
{
    /// <summary>Checks the cell: known activations, each step reading an earlier node, concat distinct nodes in 1..N; throws <see cref="NasUserException"/> otherwise.</summary>
    /// <param name="steps">The steps, node 1 first.</param>
    /// <param name="concat">The nodes averaged into the output.</param>
    public RecurrentGenotype(IEnumerable<RecurrentStep> steps, IEnumerable<int> concat)
    {
        Steps = steps.ToImmutableArray();
        Concat = concat.ToImmutableArray();
        if (Steps.Length == 0) throw new ArgumentException("a recurrent genotype needs at least one step");
        for (int i = 0; i < Steps.Length; i++)
        {
            if (!RecurrentOps.IsActivation(Steps[i].Activation))
                throw new NasUserException($"recurrent genotype: step {i + 1} has unknown activation '{Steps[i].Activation}' (known: {string.Join(", ", RecurrentOps.Activations)})");
            if (Steps[i].Input < 0 || Steps[i].Input > i)
                throw new NasUserException($"recurrent genotype: step {i + 1} reads node {Steps[i].Input}, which is not an earlier node (0..{i})");
        }
        if (Concat.Length == 0 || Concat.Any(c => c < 1 || c > Steps.Length) || Concat.Distinct().Count() != Concat.Length)
            throw new NasUserException($"recurrent genotype: concat must list distinct nodes between 1 and {Steps.Length}");
    }

    /// <summary>The steps, node 1 first.</summary>
    public ImmutableArray<RecurrentStep> Steps { get; }

    /// <summary>The nodes averaged into the output.</summary>
    public ImmutableArray<int> Concat { get; }

    /// <summary>The nodes (1..N) that no later step reads: the ENAS output rule.</summary>
    /// <param name="steps">The steps, node 1 first.</param>
    public static int[] LooseEnds(IReadOnlyList<RecurrentStep> steps)
    {
        var read = steps.Select(s => s.Input).ToHashSet();
        return Enumerable.Range(1, steps.Count).Where(n => !read.Contains(n)).ToArray();
    }

    /// <summary>Equal when the steps and the concatenated nodes are the same, in the same order.</summary>
    /// <param name="other">The cell to compare with.</param>
    public bool Equals(RecurrentGenotype? other) => other is not null && Steps.SequenceEqual(other.Steps) && Concat.SequenceEqual(other.Concat);
    /// <summary>A hash consistent with <see cref="Equals(RecurrentGenotype?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Steps.Length, Concat.Length, Steps[0]);

    /// <summary>The cell as <c>recurrent=[(act,input),...] concat=[...]</c>.</summary>
    public override string ToString() =>
        "recurrent=[" + string.Join(",", Steps.Select(s => $"({s.Activation},{s.Input})")) + "] concat=[" + string.Join(",", Concat) + "]";
}
