using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Macro;
using Nas.Spaces.Residual;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.Statistics;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Training images/s (batch 128, random 1x28x28 images, our trainer) of the residual space's baseline against a macro
/// network of about its size (six 5x5 layers of 64 filters in a chain), alternated in rounds; then the smallest and
/// largest residual members once each.
/// </summary>
internal static class ResidualBenchmark
{
    private static readonly InputShape Input = new(1, 28, 28, 10);

    /// <summary>A macro architecture of the default 6-layer space: 5x5 filters, 64 of them, each layer reading the one before.</summary>
    public static Architecture MacroChain()
    {
        var space = MacroSpace.Create();
        var values = new Dictionary<string, Choice>();
        for (int i = 1; i <= 6; i++)
        {
            values[$"L{i}.filter_height"] = Choice.Single(space.Find($"L{i}.filter_height")!.IndexOf(5));
            values[$"L{i}.filter_width"] = Choice.Single(space.Find($"L{i}.filter_width")!.IndexOf(5));
            values[$"L{i}.filters"] = Choice.Single(space.Find($"L{i}.filters")!.IndexOf(64));
            if (i > 1) values[$"L{i}.inputs"] = Choice.Subset([space.Find($"L{i}.inputs")!.IndexOf(i - 1)]);
        }
        return Architecture.Create(space, values);
    }

    private static ResidualGenome Uniform(int widthIndex, int depth, int kernel, ResidualDownsample step) => new(Enumerable.Range(0, 3)
        .Select(i => new ResidualStage(ResidualSpaceOptions.DefaultWidths[widthIndex] << i, depth, kernel, i == 0 ? null : step)).ToArray());

    public static void Run(int rounds, int images)
    {
        manual_seed(2);
        using var data = new ImageDataset("random", randn(images, 1, 28, 28), randint(0, 10, images, ScalarType.Int64), 10);
        var networks = new (string Name, Architecture Arch)[]
        {
            ("residual baseline (resnet-baseline)", ResidualSpace.Baseline),
            ("macro chain, 6 x 5x5/64", MacroChain()),
        };
        foreach (var (name, arch) in networks) Describe(name, arch);
        foreach (var (_, arch) in networks) ImagesPerSecond(arch, data); // warm-up
        var rates = networks.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
        {
            var order = r % 2 == 0 ? new[] { 0, 1 } : new[] { 1, 0 };
            foreach (int n in order) rates[n].Add(ImagesPerSecond(networks[n].Arch, data));
            Console.WriteLine($"  round {r + 1}: " + string.Join(", ", networks.Select((x, n) => $"{x.Name} {rates[n][^1]:F0} img/s")));
        }
        Console.WriteLine("median: " + string.Join(", ", networks.Select((x, n) => $"{x.Name} {Median(rates[n]):F0} img/s")));
        foreach (var (name, genome) in new[] { ("smallest residual member", Uniform(0, 1, 3, ResidualDownsample.Pool)), ("largest residual member", Uniform(2, 2, 5, ResidualDownsample.Conv)) })
        {
            var arch = ResidualSpace.Encode(genome);
            Describe(name, arch);
            Console.WriteLine($"  {name}: {ImagesPerSecond(arch, data):F0} img/s (one run)");
        }
    }

    private static void Describe(string name, Architecture arch)
    {
        using var net = NetworkCatalog.Default.Build(arch, Input);
        string shown = SpaceCatalog.Default.Find(arch.Space.Name)?.Describe(arch) ?? arch.ToString();
        Console.WriteLine($"{name}: {shown}, {ModelStatistics.Parameters(net):N0} parameters, {ModelStatistics.MultiplyAdds(net, Input.Example) / 1e6:F2}M multiply-adds per image");
    }

    private static double ImagesPerSecond(Architecture arch, ImageDataset data)
    {
        manual_seed(1);
        using var net = NetworkCatalog.Default.Build(arch, Input);
        var trainer = new Trainer(new TrainingOptions { Epochs = 1, BatchSize = 128, Seed = 1 });
        return trainer.Train(net, data, null).Last.ImagesPerSecond;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
