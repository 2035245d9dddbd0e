using Nas.Spaces.Recurrent;
using Nas.Torch.Networks.Recurrent;
using System.Collections.Immutable;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Recurrent;

/// <summary>One step of each cell on tiny weights, against the same step written out by hand.</summary>
public class CellComputationTests
{
    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    private static void Set(nn.Module module, string name, float[] values)
    {
        var p = module.named_parameters().Single(x => x.name == name).parameter;
        using var noGrad = no_grad();
        using var v = tensor(values).reshape(p.shape);
        p.copy_(v);
    }

    [Fact]
    public void Dag_cell_step_is_the_gated_highway_of_its_genotype()
    {
        // node 1 = tanh-update of node 0, node 2 = relu-update of node 1, node 3 = sigmoid-update of node 0; output = mean(1, 2, 3)
        var genotype = new RecurrentGenotype(new[] { new RecurrentStep("tanh", 0), new RecurrentStep("relu", 1), new RecurrentStep("sigmoid", 0) }, new[] { 1, 2, 3 });
        using var cell = new DagCell(genotype, inputSize: 1, hiddenSize: 1);
        // W0 is [in + hid, 2 hid]: rows (x, h), columns (c, h)
        float a = 0.3f, b = -0.7f, c = 0.5f, d = 0.9f;
        Set(cell, "w0", new[] { a, b, c, d });
        float[] wc = { 0.4f, -0.2f, 0.8f }, wh = { 1.1f, 0.6f, -1.3f };
        Set(cell, "ws", new[] { wc[0], wh[0], wc[1], wh[1], wc[2], wh[2] });
        double x = 0.5, h = -0.3;

        double s0 = h + Sigmoid(x * a + h * c) * (Math.Tanh(x * b + h * d) - h);
        double s1 = s0 + Sigmoid(s0 * wc[0]) * (Math.Tanh(s0 * wh[0]) - s0);
        double s2 = s1 + Sigmoid(s1 * wc[1]) * (Math.Max(0, s1 * wh[1]) - s1);
        double s3 = s0 + Sigmoid(s0 * wc[2]) * (Sigmoid(s0 * wh[2]) - s0);
        double expected = (s1 + s2 + s3) / 3;

        cell.eval();
        using var xt = tensor(new[] { (float)x }).reshape(1, 1);
        using var ht = tensor(new[] { (float)h }).reshape(1, 1);
        using var output = cell.Step(xt, ht);
        Assert.Equal(expected, output.item<float>(), 5);
    }

    [Fact]
    public void Tree_cell_step_follows_its_tree_and_memory_wiring()
    {
        // two leaves and a root; c_{t-1} enters leaf 0 by addition then relu; c_t is leaf 1
        var genome = new TreeCellGenome(2,
            ImmutableArray.Create("add", "mul", "mul"), ImmutableArray.Create("tanh", "sigmoid", "identity"),
            InjectNode: 0, InjectCombination: "add", InjectActivation: "relu", CellNode: 1);
        using var cell = new TreeCell(genome, inputSize: 1, hiddenSize: 1);
        float w0 = 0.7f, w1 = -0.4f, b0 = 0.1f, b1 = 0.2f, u0 = 0.9f, u1 = 1.5f;
        Set(cell, "input.weight", new[] { w0, w1 });
        Set(cell, "input.bias", new[] { b0, b1 });
        Set(cell, "recurrent.weight", new[] { u0, u1 });
        double x = 0.6, h = -0.5, c = 0.3;

        double leaf0 = Math.Max(0, Math.Tanh((w0 * x + b0) + u0 * h) + c);
        double leaf1 = Sigmoid((w1 * x + b1) * (u1 * h));
        double root = leaf0 * leaf1;

        cell.eval();
        using var xt = tensor(new[] { (float)x }).reshape(1, 1);
        using var state = tensor(new[] { (float)h, (float)c }).reshape(1, 2);
        using var next = cell.Step(xt, state);
        var values = next.data<float>().ToArray();
        Assert.Equal(root, values[0], 5);
        Assert.Equal(leaf1, values[1], 5);
    }

    [Fact]
    public void Tree_children_pair_nodes_level_by_level()
    {
        var children = TreeCellGenome.Children(8);
        Assert.Equal(7, children.Length);
        Assert.Equal((0, 1), children[0]);   // node 8
        Assert.Equal((6, 7), children[3]);   // node 11
        Assert.Equal((8, 9), children[4]);   // node 12
        Assert.Equal((12, 13), children[6]); // node 14, the root
    }

    [Fact]
    public void Cells_run_over_a_sequence_and_return_their_state()
    {
        torch.manual_seed(1);
        var arch = Nas.Strategies.ArchitectureSampler.Sample(RnnTreeSpace.Create(new RnnTreeSpaceOptions(4)), new Random(2));
        using var scope = NewDisposeScope();
        foreach (RecurrentCell cell in new RecurrentCell[] { new DagCell(PublishedRecurrentGenotypes.DartsV2, 6, 5, 0.3), new TreeCell(RnnTreeSpace.Decode(arch), 6, 5, 0.3), new LstmLayer(6, 5) })
        {
            var (output, state) = cell.call(randn(7, 3, 6), cell.InitialState(3));
            Assert.Equal(new long[] { 7, 3, 5 }, output.shape);
            Assert.Equal(new long[] { 3, cell.StateSize }, state.shape);
            Assert.Equal(output[6].data<float>().ToArray(), state.narrow(1, 0, 5).contiguous().data<float>().ToArray());
            cell.Dispose();
        }
    }
}
