using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Networks;
using Nas.Torch.Proxies;
using Nas.Torch.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Tests.Proxies;

public class ZeroCostProxyTests
{
    private static readonly InputShape Mnist = new(1, 28, 28, 10);

    private static nn.Module<Tensor, Tensor> Network(string space, int seed, NetworkOptions? options = null)
    {
        var built = SpaceCatalog.Default.Kind(space).Create((JsonObject?)null);
        Architecture architecture = ArchitectureSampler.Sample(built, new Random(seed));
        TorchRuntime.Seed(seed);
        return NetworkCatalog.Default.Build(architecture, Mnist, options);
    }

    private static (Tensor Images, Tensor Labels) Batch(int n, int seed)
    {
        var generator = new Generator((ulong)seed);
        var images = randn(new long[] { n, 1, 28, 28 }, generator: generator).DetachFromDisposeScope();
        var labels = randint(0, 10, new long[] { n }, generator: generator).DetachFromDisposeScope();
        return (images, labels);
    }

    public static IEnumerable<object[]> Proxies() => ProxyCatalog.Default.Names.Select(n => new object[] { n });

    [Fact]
    public void Naswot_of_a_network_whose_relus_are_all_dead_is_lower()
    {
        var (images, labels) = Batch(32, 1);
        using var model = Network(MacroSpace.Name, 3);
        double normal = new Naswot().Score(model, images, labels);
        // Every batch norm shifted far below zero: every ReLU input is negative, every code is 0, K is all equal entries.
        using var shift = (-100.0).ToScalar();
        using (no_grad())
            foreach (var bn in model.modules().OfType<BatchNorm2d>()) bn.bias!.fill_(shift);
        double dead = new Naswot().Score(model, images, labels);
        Assert.True(double.IsFinite(normal), $"normal {normal}");
        Assert.True(dead < normal, $"dead {dead}, normal {normal}");
        Assert.Equal(double.NegativeInfinity, dead);
        images.Dispose(); labels.Dispose();
    }

    [Fact]
    public void Naswot_of_identical_inputs_is_minus_infinity_and_of_distinct_ones_finite()
    {
        // Identical inputs get identical codes: two equal rows of K.
        var (images, labels) = Batch(8, 2);
        using var model = Network(MacroSpace.Name, 4);
        using var same = images[..1].expand(8, 1, 28, 28).contiguous();
        Assert.Equal(double.NegativeInfinity, new Naswot().Score(model, same, labels));
        Assert.True(double.IsFinite(new Naswot().Score(model, images, labels)));
        images.Dispose(); labels.Dispose();
    }

    [Fact]
    public void Naswot_sees_the_relus_of_cell_networks_and_refuses_a_network_without_relu_modules()
    {
        var (images, labels) = Batch(16, 3);
        using var cells = Network("darts-cell", 5, new NetworkOptions(Channels: 8, Layers: 3));
        Assert.True(double.IsFinite(new Naswot().Score(cells, images, labels)));
        using var linear = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10));
        var error = Assert.Throws<ArgumentException>(() => new Naswot().Score(linear, images, labels));
        Assert.Equal("model", error.ParamName);
        images.Dispose(); labels.Dispose();
    }

    [Fact]
    public void Synflow_is_zero_when_a_layer_on_every_path_has_zero_weights()
    {
        var (images, labels) = Batch(4, 4);
        using var model = Network(MacroSpace.Name, 6);
        double normal = new Synflow().Score(model, images, labels);
        Assert.True(normal > 0 && double.IsFinite(normal), $"normal {normal}");
        var classifier = model.modules().OfType<Linear>().Single(); // every path ends in it
        using (no_grad()) classifier.weight!.zero_();
        Assert.Equal(0.0, new Synflow().Score(model, images, labels));
        images.Dispose(); labels.Dispose();
    }

    [Fact]
    public void Synflow_of_a_two_layer_network_is_its_closed_form()
    {
        // With |θ| and an all-ones input: h_j = Σ_i |W1_ji| + |b1_j|, R = Σ_k Σ_j |W2_kj| h_j + Σ|b2|,
        // ∂R/∂W1_ji = Σ_k |W2_kj|, ∂R/∂W2_kj = h_j; the score is Σ |W1| ∂R/∂W1 + Σ |W2| ∂R/∂W2.
        torch.manual_seed(7);
        var first = nn.Linear(4, 3);
        var second = nn.Linear(3, 2);
        using var model = nn.Sequential(nn.Flatten(), first, nn.ReLU(), second);
        var w1 = Abs(first.weight!); var b1 = Abs(first.bias!); var w2 = Abs(second.weight!);
        double expected = 0;
        for (int j = 0; j < 3; j++)
        {
            double down = w2[0, j] + w2[1, j];
            double h = b1[j, 0];
            for (int i = 0; i < 4; i++) { h += w1[j, i]; expected += w1[j, i] * down; }
            expected += (w2[0, j] + w2[1, j]) * h;
        }
        using var images = zeros(5, 1, 2, 2);
        using var labels = zeros(5, ScalarType.Int64);
        Assert.Equal(expected, new Synflow().Score(model, images, labels), 5);
    }

    private static double[,] Abs(Tensor t)
    {
        using var scope = NewDisposeScope();
        var m = t.detach().abs().to_type(ScalarType.Float64).reshape(t.shape[0], -1);
        var result = new double[m.shape[0], m.shape[1]];
        for (int i = 0; i < m.shape[0]; i++)
            for (int j = 0; j < m.shape[1]; j++) result[i, j] = m[i, j].item<double>();
        return result;
    }

    [Theory]
    [MemberData(nameof(Proxies))]
    public void Scoring_leaves_weights_statistics_gradients_and_modes_exactly_as_they_were(string name)
    {
        var proxy = ProxyCatalog.Default.Get(name);
        var (images, labels) = Batch(16, 5);
        using var model = Network(MacroSpace.Name, 8);
        // Batch-norm statistics away from their initial values, and a mixed mode: the network in eval, one layer in train.
        using (no_grad()) model.call(images);
        model.eval();
        var layer = model.named_children().First().module;
        layer.train();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope());
        var modes = model.named_modules().Select(m => (m.name, m.module.training)).ToList();

        proxy.Score(model, images, labels);

        foreach (var (key, value) in model.state_dict())
            Assert.True(value.equal(before[key]).all().item<bool>(), $"{name} changed {key}");
        Assert.Equal(modes, model.named_modules().Select(m => (m.name, m.module.training)).ToList());
        Assert.False(model.training);
        Assert.All(model.parameters(), p => Assert.True(p.grad is null, $"{name} left a gradient"));
        foreach (var t in before.Values) t.Dispose();
        images.Dispose(); labels.Dispose();
    }

    [Theory]
    [MemberData(nameof(Proxies))]
    public void Scores_are_deterministic_for_a_seed(string name)
    {
        var proxy = ProxyCatalog.Default.Get(name);
        var (images, labels) = Batch(16, 6);
        using var a = Network(MacroSpace.Name, 9);
        using var b = Network(MacroSpace.Name, 9);
        double first = proxy.Score(a, images, labels);
        Assert.Equal(first, proxy.Score(a, images, labels));
        Assert.Equal(first, proxy.Score(b, images, labels));
        images.Dispose(); labels.Dispose();
    }

    [Theory]
    [MemberData(nameof(Proxies))]
    public void Scoring_leaks_no_tensor(string name)
    {
        var proxy = ProxyCatalog.Default.Get(name);
        var (images, labels) = Batch(16, 7);
        using var model = Network(MacroSpace.Name, 10);
        proxy.Score(model, images, labels); // anything made once, lazily, is made before the baseline
        long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        proxy.Score(model, images, labels);
        Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        images.Dispose(); labels.Dispose();
    }

    [Fact]
    public void The_catalog_finds_proxies_by_name_and_names_the_known_ones_for_an_unknown_one()
    {
        Assert.Equal(new[] { "naswot", "synflow", "params" }, ProxyCatalog.Default.Names);
        Assert.IsType<Naswot>(ProxyCatalog.Default.Get("NASWOT"));
        Assert.IsType<Synflow>(ProxyCatalog.Default.Get("synflow"));
        var error = Assert.Throws<ArgumentException>(() => ProxyCatalog.Default.Get("snip"));
        Assert.Equal("name", error.ParamName);
        Assert.Contains("naswot, synflow, params", error.Message);
        Assert.Null(ProxyCatalog.Default.Find("snip"));
    }

    [Fact]
    public void The_parameter_proxy_is_the_log_of_the_parameter_count()
    {
        using var model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3)); // 12 weights + 3 biases
        using var images = zeros(2, 1, 2, 2);
        using var labels = zeros(2, ScalarType.Int64);
        Assert.Equal(Math.Log(15), new ParameterCountProxy().Score(model, images, labels), 12);
    }
}
