using System.Collections.Immutable;
using Nas.Architectures;

namespace Nas.Spaces.Recurrent;

/// <summary>
/// The NAS-RL recurrent tree cell space (Zoph and Le, 2017): a binary tree of L leaves; every node picks a
/// combination (add, mul) and an activation; the cell memory <c>c_{t-1}</c> is injected into a chosen node
/// with a chosen combination and activation, and <c>c_t</c> is taken from a chosen node.
/// Decision names: <c>node{k}.combine</c>, <c>node{k}.activation</c> (k = 0..2L-2, leaves first, the root last),
/// <c>inject.node</c>, <c>inject.combine</c>, <c>inject.activation</c>, <c>memory.node</c>.
/// </summary>
public static class RnnTreeSpace
{
    /// <summary>The space's name in the catalog and in architecture files.</summary>
    public const string Name = "rnn-tree";

    /// <summary>The space for <paramref name="options"/> (null: 8 leaves); throws <see cref="NasUserException"/> for invalid options.</summary>
    /// <param name="options">The tree's leaves.</param>
    public static SearchSpace Create(RnnTreeSpaceOptions? options = null)
    {
        options = (options ?? new RnnTreeSpaceOptions()).Validated();
        int nodes = 2 * options.Leaves - 1;
        var combinations = RecurrentOps.Combinations.Select(c => (OptionValue)c).ToArray();
        var activations = RecurrentOps.Activations.Select(a => (OptionValue)a).ToArray();
        var nodeOptions = Enumerable.Range(0, nodes).Select(k => (OptionValue)k).ToArray();
        var decisions = new List<Decision>();
        for (int k = 0; k < nodes; k++)
        {
            string what = k < options.Leaves ? $"leaf {k} (of W x_t and U h_t-1)" : k == nodes - 1 ? $"root node {k}" : $"inner node {k}";
            decisions.Add(new CategoricalDecision($"node{k}.combine", combinations, description: $"combination of {what}"));
            decisions.Add(new CategoricalDecision($"node{k}.activation", activations, description: $"activation of {what}"));
        }
        decisions.Add(new CategoricalDecision("inject.node", nodeOptions, description: "the node into which c_t-1 is injected"));
        decisions.Add(new CategoricalDecision("inject.combine", combinations, description: "how c_t-1 is combined with that node"));
        decisions.Add(new CategoricalDecision("inject.activation", activations, description: "activation after the injection"));
        decisions.Add(new CategoricalDecision("memory.node", nodeOptions, description: "the node whose output is c_t"));
        return new SearchSpace(Name, options.ToJson(), decisions);
    }

    /// <summary>Decodes an architecture of the space.</summary>
    /// <param name="architecture">An architecture of an rnn-tree space.</param>
    public static TreeCellGenome Decode(Architecture architecture)
    {
        if (architecture.Space.Name != Name) throw new NasUserException($"expected an {Name} architecture, got one of the {architecture.Space.Name} space");
        var options = RnnTreeSpaceOptions.FromJson(architecture.Space.Settings);
        int nodes = 2 * options.Leaves - 1;
        return new TreeCellGenome(options.Leaves,
            Enumerable.Range(0, nodes).Select(k => architecture.Option($"node{k}.combine").AsName).ToImmutableArray(),
            Enumerable.Range(0, nodes).Select(k => architecture.Option($"node{k}.activation").AsName).ToImmutableArray(),
            architecture.Option("inject.node").AsInt,
            architecture.Option("inject.combine").AsName,
            architecture.Option("inject.activation").AsName,
            architecture.Option("memory.node").AsInt);
    }
}
