using Nas.Spaces.Cells;
using Nas.Torch.Networks.Cells;
using static TorchSharp.torch;

namespace Nas.Tests.Cells;

public class NetworkCifarTests
{
    [Fact]
    public void Darts_v2_at_the_paper_setting_has_the_reference_parameter_count()
    {
        // DARTS reference, cnn/train.py with --arch DARTS (= DARTS_V2), C=36, 20 layers, 10 classes:
        // "param size = 3.349342MB" (README: 3.349MB), auxiliary head excluded from the count.
        using var network = new NetworkCifar(PublishedGenotypes.DARTS_V2, channels: 36, classes: 10, layers: 20, auxiliary: true);
        var count = network.CountParameters();
        Assert.Equal(3_349_342, count.Network);
        Assert.True(count.Auxiliary > 0);
        Assert.Equal(count.Network + count.Auxiliary, network.parameters().Sum(p => p.numel()));
        using var without = new NetworkCifar(PublishedGenotypes.DARTS_V2, channels: 36, classes: 10, layers: 20, auxiliary: false);
        Assert.Equal(new Nas.Torch.Networks.ParameterCount(3_349_342, 0), without.CountParameters());
    }

    public static TheoryData<string, int, int> ForwardCases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var name in PublishedGenotypes.Names)
        {
            data.Add(name, 1, 28);
            data.Add(name, 3, 32);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ForwardCases))]
    public void Every_published_genotype_builds_and_runs_forward(string name, int inputChannels, int size)
    {
        using var scope = NewDisposeScope();
        using var network = new NetworkCifar(PublishedGenotypes.Get(name), channels: 4, classes: 10, layers: 3, auxiliary: true, inputChannels: inputChannels);
        network.train();
        network.DropPathProbability = 0.2;
        var (logits, auxiliary) = network.forward(randn(2, inputChannels, size, size));
        Assert.Equal(new long[] { 2, 10 }, logits.shape);
        Assert.NotNull(auxiliary);
        Assert.Equal(new long[] { 2, 10 }, auxiliary!.shape);
        Assert.False(logits.isnan().any().item<bool>());
        network.eval();
        var (evalLogits, evalAuxiliary) = network.forward(randn(2, inputChannels, size, size));
        Assert.Equal(new long[] { 2, 10 }, evalLogits.shape);
        Assert.Null(evalAuxiliary);
    }

    [Theory]
    [InlineData(3, new[] { 1, 2 }, 2)]
    [InlineData(8, new[] { 2, 5 }, 5)]
    [InlineData(20, new[] { 6, 13 }, 13)]
    public void Auxiliary_head_attaches_after_the_second_reduction_cell(int layers, int[] reductions, int auxiliaryAfter)
    {
        using var network = new NetworkCifar(PublishedGenotypes.DARTS_V2, channels: 2, layers: layers, auxiliary: true);
        Assert.Equal(reductions, network.ReductionCells);
        Assert.Equal(reductions, network.Cells.Select((c, i) => (c, i)).Where(p => p.c.IsReduction).Select(p => p.i));
        Assert.Equal(auxiliaryAfter, network.AuxiliaryAfterCell);
        Assert.Equal(network.ReductionCells[1], network.AuxiliaryAfterCell);
        // The head's first convolution reads the channels of that cell's output (4 nodes × 4C).
        Assert.Equal(128L * 4 * 4 * 2, network.CountParameters().Auxiliary - AuxiliaryTail(10));
    }

    private static long AuxiliaryTail(int classes) => 2 * 128 + 128 * 768 * 4 + 2 * 768 + 768 * classes + classes;

    [Fact]
    public void Auxiliary_logits_are_null_without_the_head()
    {
        using var scope = NewDisposeScope();
        using var network = new NetworkCifar(PublishedGenotypes.DARTS_V1, channels: 4, layers: 3, auxiliary: false);
        network.train();
        Assert.False(network.HasAuxiliaryHead);
        Assert.Null(network.forward(randn(2, 3, 32, 32)).AuxiliaryLogits);
        Assert.Equal(0, network.CountParameters().Auxiliary);
    }

    [Fact]
    public void Drop_path_is_active_only_in_training()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var network = new NetworkCifar(PublishedGenotypes.DARTS_V2, channels: 4, layers: 3);
        var x = randn(4, 3, 16, 16);

        network.train();
        network.DropPathProbability = 0;
        var plainA = network.forward(x).Logits;
        var plainB = network.forward(x).Logits;
        Assert.True(plainA.allclose(plainB), "without drop-path, training mode is deterministic");

        network.DropPathProbability = 0.5;
        var droppedA = network.forward(x).Logits;
        var droppedB = network.forward(x).Logits;
        Assert.False(droppedA.allclose(droppedB), "with drop-path, two training passes differ");

        network.eval();
        var evalA = network.forward(x).Logits;
        var evalB = network.forward(x).Logits;
        Assert.True(evalA.allclose(evalB), "drop-path is off in eval mode");
    }

    [Fact]
    public void Drop_path_spares_identity_edges()
    {
        using var scope = NewDisposeScope();
        // A normal cell made of skip connections only: drop-path must leave it exact even at p=0.9.
        var skips = new Genotype(
            Enumerable.Range(0, 4).SelectMany(n => new[] { new CellEdge("skip_connect", 0), new CellEdge("skip_connect", 1) }).ToArray(),
            [2, 3, 4, 5], PublishedGenotypes.DARTS_V2.Reduce, PublishedGenotypes.DARTS_V2.ReduceConcat);
        using var cell = new Cell(skips, 4, 4, 4, reduction: false, reductionPrev: false);
        cell.train();
        var s0 = randn(3, 4, 6, 6);
        var s1 = randn(3, 4, 6, 6);
        cell.DropPathProbability = 0;
        var expected = cell.forward(s0, s1);
        cell.DropPathProbability = 0.9;
        Assert.True(expected.allclose(cell.forward(s0, s1)));
    }

    [Fact]
    public void Invalid_genotypes_and_settings_are_user_errors()
    {
        var bad = PublishedGenotypes.DARTS_V2 with { NormalConcat = [2, 9] };
        Assert.Contains("normal_concat lists 9", Assert.Throws<NasUserException>(() => new NetworkCifar(bad, channels: 4, layers: 3)).Message);
        Assert.Contains("layers must be positive", Assert.Throws<NasUserException>(() => new NetworkCifar(PublishedGenotypes.DARTS, layers: 0)).Message);
    }
}
