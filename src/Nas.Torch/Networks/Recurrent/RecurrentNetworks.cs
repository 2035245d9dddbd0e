using Nas.Architectures;
using Nas.Spaces.Recurrent;
using Nas.Torch.Statistics;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>
/// Builds language models from recurrent architectures (<c>rnn-dag</c>, <c>rnn-tree</c>), genotypes, or the
/// plain LSTM baseline; and the PTB network of the papers (<see cref="Ptb"/>).
/// </summary>
public static class RecurrentNetworks
{
    /// <summary>The name that stands for the TorchSharp LSTM baseline where an architecture is expected.</summary>
    public const string Lstm = "lstm";

    /// <summary>Vocabulary of the Penn Treebank word-level corpus (Mikolov's preprocessing).</summary>
    public const int PtbTokens = 10_000;

    /// <summary>True for the spaces whose architectures are recurrent cells (see <see cref="NetworkCatalog.IsRecurrent"/>).</summary>
    /// <param name="spaceName">A space's name.</param>
    public static bool IsRecurrentSpace(string spaceName) => NetworkCatalog.Default.IsRecurrent(spaceName);

    /// <summary>The cell factory of an architecture of a recurrent space (see <see cref="NetworkCatalog.CellOf"/>).</summary>
    /// <param name="architecture">An architecture of a language space.</param>
    public static Func<int, int, double, RecurrentCell> CellOf(Architecture architecture) => NetworkCatalog.Default.CellOf(architecture);

    /// <summary>The factory of <see cref="DagCell"/>s of a DAG genotype.</summary>
    /// <param name="genotype">A DAG cell.</param>
    public static Func<int, int, double, RecurrentCell> CellOf(RecurrentGenotype genotype) => (i, h, p) => new DagCell(genotype, i, h, p);
    /// <summary>The factory of <see cref="TreeCell"/>s of a decoded tree.</summary>
    /// <param name="genome">A decoded tree cell.</param>
    public static Func<int, int, double, RecurrentCell> CellOf(TreeCellGenome genome) => (i, h, p) => new TreeCell(genome, i, h, p);
    /// <summary>The factory of the LSTM baseline's layers (<see cref="LstmLayer"/>).</summary>
    public static Func<int, int, double, RecurrentCell> LstmCell { get; } = (i, h, _) => new LstmLayer(i, h);

    /// <summary>A language model of an architecture (null: the LSTM baseline).</summary>
    /// <param name="architecture">An architecture of a language space, or null for the LSTM baseline.</param>
    /// <param name="tokens">The vocabulary's size.</param>
    /// <param name="options">Size, layers and dropouts.</param>
    public static RecurrentLanguageModel Build(Architecture? architecture, int tokens, LanguageModelOptions options) =>
        new(tokens, options, architecture is null ? LstmCell : CellOf(architecture));

    /// <summary>The PTB network of a published (or any) DAG genotype: embedding and hidden 850, tied decoder, 10,000 tokens.</summary>
    /// <param name="genotype">A DAG cell.</param>
    public static RecurrentNetworkSpec Ptb(RecurrentGenotype genotype) => new(PtbTokens, LanguageModelOptions.Ptb, CellOf(genotype));
}
