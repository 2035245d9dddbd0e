using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Enas;
using Nas.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Enas;

public class EnasMacroSharedNetworkTests : IDisposable
{
    private readonly OneThread _thread = new();

    public void Dispose() => _thread.Dispose();

    private static readonly InputShape Shape = new(1, 12, 12, 3);
    private static SearchSpace Space() => EnasMacroSpace.Create(new EnasMacroSpaceOptions(Layers: 4, PoolAfter: new[] { 2 }));

    private static Architecture Child(SearchSpace space, params (string Op, int[] Skips)[] layers)
    {
        var values = new Dictionary<string, Choice>();
        for (int i = 1; i <= layers.Length; i++)
        {
            values[$"L{i}.op"] = Choice.Single(EnasMacroOps.All.IndexOf(layers[i - 1].Op));
            if (i > 1) values[$"L{i}.skips"] = Choice.Subset(layers[i - 1].Skips.Select(j => j - 1));
        }
        return Architecture.Create(space, values);
    }

    private static void Perturb(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var p in module.parameters()) p.add_(0.5);
    }

    [Fact]
    public void A_child_runs_only_its_chosen_ops()
    {
        manual_seed(3);
        var space = Space();
        using var net = new EnasMacroSharedNetwork(space, Shape, channels: 4);
        var child = Child(space, (EnasMacroOps.Conv3x3, new int[0]), (EnasMacroOps.SepConv5x5, new[] { 1 }), (EnasMacroOps.MaxPool3x3, new int[0]), (EnasMacroOps.Conv5x5, new[] { 1, 2 }));
        var genome = EnasMacroSpace.Decode(child);
        using var x = randn(6, 1, 12, 12);
        using var before = net.call(x, child);
        for (int layer = 1; layer <= 4; layer++)
            foreach (var op in EnasMacroOps.All.Where(o => o != genome.Layers[layer - 1].Op))
                Perturb(net.Branch(layer, op));
        using var after = net.call(x, child);
        Assert.Equal(before.data<float>().ToArray(), after.data<float>().ToArray());

        // The check can fail: a chosen op's weights do change the output.
        Perturb(net.Branch(4, EnasMacroOps.Conv5x5));
        using var changed = net.call(x, child);
        Assert.NotEqual(before.data<float>().ToArray(), changed.data<float>().ToArray());
    }

    [Fact]
    public void Children_using_the_same_op_share_its_weights_and_only_chosen_ops_get_gradients()
    {
        manual_seed(4);
        var space = Space();
        using var net = new EnasMacroSharedNetwork(space, Shape, channels: 4);
        var a = Child(space, (EnasMacroOps.Conv3x3, new int[0]), (EnasMacroOps.AvgPool3x3, new[] { 1 }), (EnasMacroOps.SepConv3x3, new int[0]), (EnasMacroOps.Conv3x3, new[] { 2 }));
        var b = Child(space, (EnasMacroOps.Conv3x3, new int[0]), (EnasMacroOps.Conv5x5, new int[0]), (EnasMacroOps.MaxPool3x3, new[] { 1, 2 }), (EnasMacroOps.SepConv5x5, new int[0]));
        using var x = randn(6, 1, 12, 12);
        using var labels = tensor(new long[] { 0, 1, 2, 0, 1, 2 });

        net.zero_grad();
        using (var scope = NewDisposeScope()) nn.functional.cross_entropy(net.call(x, a), labels).backward();
        var shared = net.Branch(1, EnasMacroOps.Conv3x3);
        Assert.All(shared.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
        Assert.All(net.Branch(2, EnasMacroOps.Conv5x5).parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));

        // One SGD step on child a moves the layer-1 conv_3x3 weights that child b reads: b's output changes.
        using var bBefore = net.call(x, b);
        using (var noGrad = no_grad())
            foreach (var p in shared.parameters()) p.sub_(p.grad!);
        using var bAfter = net.call(x, b);
        Assert.NotEqual(bBefore.data<float>().ToArray(), bAfter.data<float>().ToArray());
        Assert.Same(shared, net.Branch(1, EnasMacroOps.Conv3x3));
    }

    [Fact]
    public void Every_child_gives_logits_and_the_catalog_builds_a_smaller_fixed_network()
    {
        manual_seed(5);
        var space = Space();
        using var net = new EnasMacroSharedNetwork(space, Shape, channels: 4);
        var random = new Random(2);
        using var x = randn(2, 1, 12, 12);
        for (int k = 0; k < 10; k++)
        {
            using var scope = NewDisposeScope();
            Assert.Equal(new long[] { 2, 3 }, net.call(x, ArchitectureSampler.Sample(space, random)).shape);
        }
        var child = ArchitectureSampler.Sample(space, random);
        var rebuilt = Architecture.FromJson(child.ToJson());
        using var fixedNet = NetworkCatalog.Default.Build(rebuilt, Shape);
        Assert.Equal(new long[] { 2, 3 }, fixedNet.call(x).shape);
        using var sameWidth = new EnasMacroNetwork(rebuilt, Shape, channels: 4);
        Assert.True(Nas.Torch.Statistics.ModelStatistics.Parameters(sameWidth) < Nas.Torch.Statistics.ModelStatistics.Parameters(net));
    }
}
