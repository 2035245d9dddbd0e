using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Networks.Macro;
using Nas.Torch.Statistics;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

public class MacroNetworkTests
{
    private static Architecture Build(MacroSpaceOptions options, params (string Name, object Value)[] values)
    {
        var space = MacroSpace.Create(options);
        var choices = new Dictionary<string, Choice>();
        foreach (var (name, value) in values)
        {
            var d = space.Find(name)!;
            choices[name] = value is int[] set ? Choice.Subset(set.Select(v => d.IndexOf(v))) : Choice.Single(d.IndexOf((int)value));
        }
        return Architecture.Create(space, choices);
    }

    private static (string, object)[] Layer(int i, int kh, int kw, int filters, int stride = -1, int[]? inputs = null)
    {
        var list = new List<(string, object)> { ($"L{i}.filter_height", kh), ($"L{i}.filter_width", kw), ($"L{i}.filters", filters) };
        if (stride > 0) list.Add(($"L{i}.stride", stride));
        if (i > 1) list.Add(($"L{i}.inputs", inputs ?? Array.Empty<int>()));
        return list.ToArray();
    }

    [Fact]
    public void Smaller_inputs_are_zero_padded_to_the_largest_and_concatenated()
    {
        using var scope = NewDisposeScope();
        var small = ones(2, 3, 5, 5);
        var large = full(2, 4, 9, 9, 2f);
        var joined = MacroNetwork.Gather(new[] { 1, 2 }, new[] { zeros(1), small, large }, (9, 9));
        Assert.Equal(new long[] { 2, 7, 9, 9 }, joined.shape);
        // the 5x5 block sits in the middle (2 pixels of zeros each side), the rest of its channels is zero
        Assert.Equal(3 * 25 * 2, joined[.., ..3].sum().item<float>());
        Assert.Equal(1f, joined[0, 0, 2, 2].item<float>());
        Assert.Equal(0f, joined[0, 0, 1, 1].item<float>());
        Assert.Equal(0f, joined[0, 0, 7, 7].item<float>());
        Assert.Equal(2f, joined[0, 3, 0, 0].item<float>());
    }

    [Fact]
    public void Inputs_larger_than_the_stage_are_pooled_down_to_it()
    {
        using var scope = NewDisposeScope();
        var big = arange(64f).reshape(1, 1, 8, 8);
        var joined = MacroNetwork.Gather(new[] { 0 }, new[] { big }, (4, 4));
        Assert.Equal(new long[] { 1, 1, 4, 4 }, joined.shape);
        Assert.Equal(9f, joined[0, 0, 0, 0].item<float>()); // max of the top-left 2x2 block {0,1,8,9}
    }

    [Fact]
    public void Strided_layers_and_skip_connections_build_with_the_papers_rules()
    {
        using var scope = NewDisposeScope();
        // 9x9 input, no pooling: L1 stride 2 gives 5x5, L2 reads the image at 9x9, L3 joins both (5x5 padded to 9x9).
        var options = new MacroSpaceOptions(Layers: 3, PoolAfter: Array.Empty<int>(), SearchStrides: true);
        var arch = Build(options, Layer(1, 3, 3, 24, 2).Concat(Layer(2, 1, 1, 36, 1)).Concat(Layer(3, 3, 5, 48, 1, new[] { 1, 2 })).ToArray());
        using var net = new MacroNetwork(MacroSpace.Decode(arch), 1, 9, 9, 10);
        var convs = net.modules().OfType<TorchSharp.Modules.Conv2d>().ToList();
        Assert.Equal(24 + 36, convs[2].weight!.shape[1]); // L3 reads both channels sets
        Assert.Equal(48, net.modules().OfType<TorchSharp.Modules.Linear>().Single().weight!.shape[1]); // only L3 is a sink
        var output = net.forward(randn(2, 1, 9, 9));
        Assert.Equal(new long[] { 2, 10 }, output.shape);
    }

    [Fact]
    public void Layers_nobody_consumes_are_joined_before_the_classifier()
    {
        using var scope = NewDisposeScope();
        var options = new MacroSpaceOptions(Layers: 3);
        // L2 and L3 both read L1: L2 is never consumed, so L2 and L3 feed the classifier.
        var arch = Build(options, Layer(1, 3, 3, 24).Concat(Layer(2, 3, 3, 36, inputs: new[] { 1 })).Concat(Layer(3, 5, 5, 48, inputs: new[] { 1 })).ToArray());
        Assert.Equal(new[] { 2, 3 }, MacroSpace.Decode(arch).Sinks);
        using var net = new MacroNetwork(MacroSpace.Decode(arch), 1, 28, 28, 10);
        Assert.Equal(36 + 48, net.modules().OfType<TorchSharp.Modules.Linear>().Single().weight!.shape[1]);
        Assert.Equal(new long[] { 3, 10 }, net.forward(randn(3, 1, 28, 28)).shape);
    }

    [Fact]
    public void Parameter_and_multiply_add_counts_match_a_hand_count()
    {
        // One layer, 3x5 kernel, 24 filters, 1x8x8 input, 10 classes.
        var arch = Build(new MacroSpaceOptions(Layers: 1), Layer(1, 3, 5, 24));
        using var net = new MacroNetwork(MacroSpace.Decode(arch), 1, 8, 8, 10);
        // conv 1*24*3*5 = 360, batch norm 2*24 = 48, linear 24*10 + 10 = 250
        Assert.Equal(360 + 48 + 250, ModelStatistics.Parameters(net));
        // conv: 24*8*8 outputs x 15 taps = 23040; linear 240
        Assert.Equal(23040 + 240, ModelStatistics.MultiplyAdds(net, new long[] { 1, 8, 8 }));
    }

    [Fact]
    public void Every_random_architecture_of_the_default_space_builds_and_runs()
    {
        using var scope = NewDisposeScope();
        var space = MacroSpace.Create();
        var random = new Random(4);
        for (int i = 0; i < 5; i++)
        {
            using var net = new MacroNetwork(MacroSpace.Decode(ArchitectureSampler.Sample(space, random)), 1, 28, 28, 10);
            Assert.Equal(new long[] { 2, 10 }, net.forward(randn(2, 1, 28, 28)).shape);
        }
    }
}
