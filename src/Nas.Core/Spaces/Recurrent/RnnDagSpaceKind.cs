using Nas.Architectures;
using Nas.Search;

namespace Nas.Spaces.Recurrent;

/// <summary>The <c>rnn-dag</c> space's registration.</summary>
public sealed class RnnDagSpaceKind : SpaceKind
{
    /// <summary>The registration with its settings: <c>nodes</c> and <c>output</c>.</summary>
    public RnnDagSpaceKind() : base(RnnDagSpace.Name, SpaceTask.Language,
        "the ENAS/DARTS recurrent DAG cell: per node an earlier node to read and an activation",
        [
            Setting.Integer("nodes", 8, "nodes after the input node (DARTS 8, ENAS 11)", minimum: 1, maximum: 32),
            Setting.Text("output", RnnDagSpaceOptions.AllNodes, "the output is the mean of all nodes (all, DARTS) or of the loose ends (loose, ENAS)",
                [RnnDagSpaceOptions.AllNodes, RnnDagSpaceOptions.LooseEnds]),
        ],
        settings => RnnDagSpace.Create(RnnDagSpaceOptions.FromJson(settings)))
    { }

    /// <summary>The genotype's steps, <c>act&lt;input</c> per node.</summary>
    /// <param name="architecture">An architecture of an rnn-dag space.</param>
    public override string Describe(Architecture architecture) => RnnDagSpace.ToGenotype(architecture).ToString();
}
