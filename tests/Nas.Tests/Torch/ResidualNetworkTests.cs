using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Residual;
using Nas.Strategies;
using Nas.Torch.Networks;
using Nas.Torch.Networks.Residual;
using Nas.Torch.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

public class ResidualNetworkTests
{
    private static readonly InputShape Grey28 = new(1, 28, 28, 10);
    private static readonly InputShape Colour32 = new(3, 32, 32, 10);

    /// <summary>Parameters and multiply-adds worked out by hand from the genome: the network must agree.</summary>
    private static (long Parameters, long MultiplyAdds) Expected(ResidualGenome genome, InputShape input)
    {
        long p = 0, m = 0;
        int c = genome.Stages[0].Width, h = input.Height, w = input.Width, inStem = input.Channels;
        if (genome.StemPre > 0)
        {
            p += 9L * input.Channels * genome.StemPre + 2 * genome.StemPre; // full-resolution conv and its batch norm
            m += 9L * input.Channels * genome.StemPre * h * w;
            inStem = genome.StemPre;
        }
        if (genome.StemStride == 2) (h, w) = ((h + 1) / 2, (w + 1) / 2); // 3x3, padding 1, stride 2
        p += 9L * inStem * c + 2 * c; // stem conv and its batch norm's gamma and beta
        m += 9L * inStem * c * h * w;
        foreach (var s in genome.Stages)
        {
            long k2 = s.Kernel * s.Kernel;
            if (s.Downsample is not null) (h, w) = ((h + 1) / 2, (w + 1) / 2);
            if (s.Downsample == ResidualDownsample.Conv)
            {
                p += k2 * c * s.Width + 2 * s.Width;
                m += k2 * c * s.Width * h * w;
                c = s.Width;
            }
            for (int b = 0; b < s.Depth; b++)
            {
                p += k2 * c * s.Width + 2 * s.Width + k2 * s.Width * s.Width + 2 * s.Width;
                m += (k2 * c * s.Width + k2 * s.Width * s.Width) * h * w;
                if (c != s.Width)
                {
                    p += (long)c * s.Width + 2 * s.Width; // the 1x1 projection and its batch norm
                    m += (long)c * s.Width * h * w;
                }
                c = s.Width;
            }
        }
        p += (long)c * input.Classes + input.Classes;
        m += (long)c * input.Classes;
        return (p, m);
    }

    private static (long Parameters, long MultiplyAdds) Measured(Architecture a, InputShape input)
    {
        using var net = NetworkCatalog.Default.Build(a, input);
        Assert.IsType<ResidualNetwork>(net);
        return (ModelStatistics.Parameters(net), ModelStatistics.MultiplyAdds(net, input.Example));
    }

    [Fact]
    public void The_baseline_has_482154_parameters_on_fashion_mnist_and_482730_on_cifar()
    {
        Assert.Equal((482_154L, 14_084_480L), Measured(ResidualSpace.Baseline, Grey28));
        Assert.Equal((482_730L, 16_737_536L), Measured(ResidualSpace.Baseline, Colour32));
        Assert.Equal(Expected(ResidualSpace.BaselineGenome, Grey28), Measured(ResidualSpace.Baseline, Grey28));
        // The short-budget network: 8 x (3x3 + BN) ahead, and the stem's 3x3 reads 8 channels instead of 1.
        var c8 = new ResidualSpaceKind().ShortBudget(ResidualSpace.Create())!;
        Assert.Equal(484_258L, Measured(c8, Grey28).Item1);
        Assert.Equal(Expected(ResidualSpace.Decode(c8), Grey28), Measured(c8, Grey28));
    }

    [Fact]
    public void Every_option_of_every_decision_changes_the_network_as_the_formula_says()
    {
        var baseline = ResidualSpace.Baseline;
        foreach (var decision in baseline.Space.Decisions)
        {
            var counts = new HashSet<(long, long)>();
            for (int i = 0; i < decision.Options.Length; i++)
            {
                var a = baseline.With(new Dictionary<string, Choice> { [decision.Name] = Choice.Single(i) });
                var measured = Measured(a, Grey28);
                Assert.Equal(Expected(ResidualSpace.Decode(a), Grey28), measured);
                counts.Add(measured); // the stem's stride changes the cost, not the parameters
            }
            Assert.True(counts.Count == decision.Options.Length, $"{decision.Name}: some options build networks of equal size");
        }
    }

    [Fact]
    public void The_smallest_and_largest_members_span_78_thousand_to_2_4_million_parameters()
    {
        ResidualGenome Uniform(int widthIndex, int depth, int kernel, ResidualDownsample step, int pre) => new(Enumerable.Range(0, 3)
            .Select(i => new ResidualStage(ResidualSpaceOptions.DefaultWidths[widthIndex] << i, depth, kernel, i == 0 ? null : step)).ToArray(), StemPre: pre);
        var smallest = ResidualSpace.Encode(Uniform(0, 1, 3, ResidualDownsample.Pool, 0));
        var largest = ResidualSpace.Encode(Uniform(2, 2, 5, ResidualDownsample.Conv, 16));
        Assert.Equal(77_754, Measured(smallest, Grey28).Parameters);
        Assert.Equal(2_414_714, Measured(largest, Grey28).Parameters); // 2,410,218 without the convolution ahead of the stem
        // No sampled member falls outside the two.
        var random = new Random(3);
        for (int n = 0; n < 200; n++)
        {
            var g = ResidualSpace.Decode(ArchitectureSampler.Sample(ResidualSpace.Create(), random));
            Assert.InRange(Expected(g, Grey28).Parameters, 77_754, 2_414_714);
        }
    }

    [Theory]
    [InlineData(1, 28, 28)]
    [InlineData(3, 32, 32)]
    [InlineData(1, 12, 12)]
    public void Random_members_give_one_logit_per_class(int channels, int height, int width)
    {
        var space = ResidualSpace.Create(new ResidualSpaceOptions(Stages: 4, Depths: [1, 2], Kernels: [3, 5]));
        var random = new Random(channels * 100 + height);
        var input = new InputShape(channels, height, width, 7);
        for (int n = 0; n < 4; n++)
        {
            var a = ArchitectureSampler.Sample(space, random);
            using var net = NetworkCatalog.Default.Build(a, input);
            using var scope = NewDisposeScope();
            var logits = net.call(randn(2, channels, height, width));
            Assert.Equal(new long[] { 2, 7 }, logits.shape);
            Assert.True(logits.isfinite().all().item<bool>());
            Assert.Equal(Expected(ResidualSpace.Decode(a), input), (ModelStatistics.Parameters(net), ModelStatistics.MultiplyAdds(net, input.Example)));
        }
    }

    [Fact]
    public void Sizes_for_cell_networks_are_refused()
    {
        var e = Assert.Throws<NasUserException>(() => NetworkCatalog.Default.Build(ResidualSpace.Baseline, Grey28, new NetworkOptions(Channels: 8)));
        Assert.Contains("a residual architecture carries its own sizes", e.Message);
    }

    [Fact]
    public void Training_steps_learn_and_leave_no_live_tensors()
    {
        var a = ResidualSpace.Encode(new ResidualGenome([new(16, 1, 3, null), new(32, 2, 5, ResidualDownsample.Pool), new(64, 1, 3, ResidualDownsample.Conv)]));
        var input = new InputShape(1, 12, 12, 3);
        float Steps(int count)
        {
            using var net = NetworkCatalog.Default.Build(a, input);
            using var optimizer = optim.SGD(net.parameters(), 0.05);
            float loss = 0;
            for (int i = 0; i < count; i++)
            {
                using var scope = NewDisposeScope();
                manual_seed(7);
                var x = randn(8, 1, 12, 12);
                var y = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 });
                var l = nn.functional.cross_entropy(net.call(x), y);
                optimizer.zero_grad();
                l.backward();
                optimizer.step();
                loss = l.item<float>();
            }
            return loss;
        }
        float first = Steps(1); // warm-up: lazily created globals
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        float last = Steps(30);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.True(last < first * 0.5, $"loss {first} after 1 step, {last} after 30 on one fixed batch");
    }
}
