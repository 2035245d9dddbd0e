using System.Globalization;
using Nas.Architectures;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.Runtime;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Issue 18: which parts of the final training recipe pay on Fashion-MNIST. One fixed network (an architecture file, or
/// <see cref="PlainCnn"/>), a seeded training subset, the whole test set; the base recipe (the old <c>nas train</c>
/// defaults: per-epoch cosine, momentum 0.9, crop 2, flips), then each addition alone, then all of them, every row from the
/// same initial weights and seed. Test-time flips change only the evaluation, so their row is the base model measured
/// with them (no training of its own). Prints a markdown table of test accuracy and training seconds.
/// Usage: <c>recipe-ablation [--arch FILE] [--epochs 3] [--train 10000] [--seed 1] [--lr 0.05] [--data DIR]</c>.
/// </summary>
internal static class RecipeAblation
{
    public static void Run(string[] args)
    {
        string? arch = Option(args, "--arch", null);
        int epochs = int.Parse(Option(args, "--epochs", "3")!, CultureInfo.InvariantCulture);
        int trainCount = int.Parse(Option(args, "--train", "10000")!, CultureInfo.InvariantCulture);
        int seed = int.Parse(Option(args, "--seed", "1")!, CultureInfo.InvariantCulture);
        double lr = double.Parse(Option(args, "--lr", "0.05")!, CultureInfo.InvariantCulture);
        string? dir = Option(args, "--data", null);

        using var data = PreparedData.ForFinalTraining(DatasetCatalog.FashionMnist, dir);
        var order = Enumerable.Range(0, data.Train.Count).Select(i => (long)i).ToArray();
        new Random(seed).Shuffle(order);
        using var train = data.Train.Select(order[..Math.Min(trainCount, order.Length)], "fashion-mnist/train-subset");
        bool flips = DatasetCatalog.FlipsKeepClass(DatasetCatalog.FashionMnist);

        var input = new InputShape(train.Channels, train.Height, train.Width, train.Classes);
        var architecture = arch is null ? null : ArchitectureSource.Load(arch);
        string network = architecture is null ? "plain CNN (16-16-32-32-64 conv, batch norm, no residuals)" : $"{architecture.Space.Name} architecture {arch}";
        var baseRecipe = new TrainingOptions
        {
            Epochs = epochs, BatchSize = 128, LearningRate = lr, Momentum = 0.9, WeightDecay = 3e-4, GradientClip = 5,
            CropPadding = 2, HorizontalFlip = flips, Seed = seed,
        };
        var all = baseRecipe with
        {
            Schedule = LearningRateSchedule.OneCycle, WarmupFraction = 0.3, Nesterov = true, LabelSmoothing = 0.1, EmaDecay = 0.999, TestTimeFlip = flips,
        };
        (string Name, TrainingOptions Recipe)[] rows =
        [
            ("base: cosine per epoch, momentum 0.9, crop 2, flips", baseRecipe),
            ("+ one-cycle (30% warm-up, per step)", baseRecipe with { Schedule = LearningRateSchedule.OneCycle, WarmupFraction = 0.3 }),
            ("+ Nesterov", baseRecipe with { Nesterov = true }),
            ("+ label smoothing 0.1", baseRecipe with { LabelSmoothing = 0.1 }),
            ("+ EMA 0.999 (with decay warm-up)", baseRecipe with { EmaDecay = 0.999 }),
            ("all of them", all),
        ];

        Console.WriteLine($"recipe ablation: {network}; Fashion-MNIST, {train.Count} training images (seed {seed}), {data.Test.Count} test images; " +
            $"{epochs} epochs, batch 128, lr {lr}, weight decay 3e-4, seed {seed}; threads {get_num_threads()}");
        Console.WriteLine();
        Console.WriteLine("| recipe | test accuracy | test loss | train seconds |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, recipe) in rows)
        {
            TorchRuntime.Seed(seed);
            using var model = architecture is null ? PlainCnn(input) : NetworkCatalog.Default.Build(architecture, input, NetworkOptions.Default);
            var trainer = new Trainer(recipe);
            var result = trainer.Train(model, train, null);
            var test = trainer.Evaluate(model, data.Test);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {test.Accuracy:P2} | {test.Loss:F4} | {result.Seconds:F0} |"));
            if (ReferenceEquals(recipe, baseRecipe) && flips)
            {
                var flipped = new Trainer(recipe with { TestTimeFlip = true }).Evaluate(model, data.Test);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| + test-time flips (the base model, measured with them) | {flipped.Accuracy:P2} | {flipped.Loss:F4} | {result.Seconds:F0} |"));
            }
        }
    }

    /// <summary>
    /// The bench's fixed network when no architecture is given: conv-BN-ReLU ×2 at 16 channels, max-pool, ×2 at 32,
    /// max-pool, one at 64, global average pooling, a linear classifier. No residual connections.
    /// </summary>
    public static nn.Module<Tensor, Tensor> PlainCnn(InputShape input)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int channels = input.Channels, n = 0;
        void Conv(int output)
        {
            layers.Add(($"conv{n}", nn.Conv2d(channels, output, 3, padding: 1, bias: false)));
            layers.Add(($"bn{n}", nn.BatchNorm2d(output)));
            layers.Add(($"relu{n++}", nn.ReLU()));
            channels = output;
        }
        Conv(16); Conv(16); layers.Add(("pool0", nn.MaxPool2d(2)));
        Conv(32); Conv(32); layers.Add(("pool1", nn.MaxPool2d(2)));
        Conv(64);
        layers.Add(("gap", nn.AdaptiveAvgPool2d(1)));
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("classifier", nn.Linear(channels, input.Classes)));
        return nn.Sequential(layers);
    }

    private static string? Option(string[] args, string name, string? fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
