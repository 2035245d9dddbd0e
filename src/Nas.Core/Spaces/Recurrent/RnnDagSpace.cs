using Nas.Architectures;

namespace Nas.Spaces.Recurrent;

/// <summary>
/// The ENAS/DARTS recurrent DAG cell space. Node 0 mixes <c>x_t</c> and <c>h_{t-1}</c>; node i (1..N)
/// picks an earlier node and an activation and is a highway-style gated update of that node; the cell's
/// output (and next hidden state) is the mean of every node (DARTS) or of the loose ends (ENAS).
/// Decision names: <c>node{i}.input</c>, <c>node{i}.activation</c>.
/// </summary>
public static class RnnDagSpace
{
    /// <summary>The space's name in the catalog and in architecture files.</summary>
    public const string Name = "rnn-dag";

    /// <summary>The space for <paramref name="options"/> (null: 8 nodes, the output the mean of all); throws <see cref="NasUserException"/> for invalid options.</summary>
    /// <param name="options">Nodes and the output rule.</param>
    public static SearchSpace Create(RnnDagSpaceOptions? options = null)
    {
        options = (options ?? new RnnDagSpaceOptions()).Validated();
        var activations = RecurrentOps.Activations.Select(a => (OptionValue)a).ToArray();
        var decisions = new List<Decision>();
        for (int i = 1; i <= options.Nodes; i++)
        {
            decisions.Add(new CategoricalDecision($"node{i}.input", Enumerable.Range(0, i).Select(j => (OptionValue)j),
                description: $"the earlier node that node {i} reads (0: the input node)"));
            decisions.Add(new CategoricalDecision($"node{i}.activation", activations, description: $"activation of node {i}"));
        }
        return new SearchSpace(Name, options.ToJson(), decisions);
    }

    /// <summary>Decodes an architecture of the space into its genotype.</summary>
    /// <param name="architecture">An architecture of an rnn-dag space.</param>
    public static RecurrentGenotype ToGenotype(Architecture architecture)
    {
        if (architecture.Space.Name != Name) throw new NasUserException($"expected an {Name} architecture, got one of the {architecture.Space.Name} space");
        var options = RnnDagSpaceOptions.FromJson(architecture.Space.Settings);
        var steps = Enumerable.Range(1, options.Nodes)
            .Select(i => new RecurrentStep(architecture.Option($"node{i}.activation").AsName, architecture.Option($"node{i}.input").AsInt))
            .ToArray();
        var concat = options.Output == RnnDagSpaceOptions.LooseEnds ? RecurrentGenotype.LooseEnds(steps) : Enumerable.Range(1, options.Nodes).ToArray();
        return new RecurrentGenotype(steps, concat);
    }

    /// <summary>
    /// The architecture of a genotype, in the space it fits: the mean of all nodes, or of the loose ends.
    /// Throws <see cref="NasUserException"/> when the genotype's output follows neither rule.
    /// </summary>
    /// <param name="genotype">A DAG cell.</param>
    public static Architecture FromGenotype(RecurrentGenotype genotype)
    {
        int n = genotype.Steps.Length;
        string output = genotype.Concat.OrderBy(c => c).SequenceEqual(Enumerable.Range(1, n)) ? RnnDagSpaceOptions.AllNodes
            : genotype.Concat.OrderBy(c => c).SequenceEqual(RecurrentGenotype.LooseEnds(genotype.Steps)) ? RnnDagSpaceOptions.LooseEnds
            : throw new NasUserException("recurrent genotype: its output is neither every node nor the loose ends, so no rnn-dag space holds it");
        var space = Create(new RnnDagSpaceOptions(n, output));
        var values = new Dictionary<string, Choice>(StringComparer.Ordinal);
        for (int i = 1; i <= n; i++)
        {
            var step = genotype.Steps[i - 1];
            values[$"node{i}.input"] = Choice.Single(space.Find($"node{i}.input")!.IndexOf(step.Input));
            values[$"node{i}.activation"] = Choice.Single(space.Find($"node{i}.activation")!.IndexOf(step.Activation));
        }
        return Architecture.Create(space, values);
    }
}
