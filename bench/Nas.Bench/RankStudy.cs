using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Spaces;
using Nas.Statistics;
using Nas.Strategies;
using Nas.Torch.Data;
using Nas.Torch.Final;
using Nas.Torch.Networks;
using Nas.Torch.Proxies;
using Nas.Torch.Runtime;
using Nas.Torch.Statistics;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Issue 18's rank study: how well do zero-cost proxies and cheap trainings (fewer images, fewer epochs) order
/// architectures the way a more expensive training (the reference) does? Samples architectures of a space (seeded),
/// scores each untrained network with every proxy of <see cref="ProxyCatalog.Default"/>, trains it from the same
/// initial weights at every fidelity and at the reference, and prints Spearman's rho and Kendall's tau-b against the
/// reference accuracy, with the seconds each costs per candidate. Validation is carved from the training set as
/// a search does (<see cref="PreparedData.ForSearch"/>); the test set is read only by a final reference.
/// Low fidelities train as <c>nas auto</c>'s rungs do (its trial recipe, oneDNN admitted per network, <c>--replicas</c>).
/// <c>--sample near</c> draws what <c>nas auto</c> screens: the space's reference network (first) and its neighbours,
/// changed in one decision or, half the time, two. <c>--reference final:E</c> is the full fidelity: the final training
/// of <c>nas auto</c> and <c>nas train</c> (all training images, its recipe, E epochs), measured on the test set.
/// </summary>
internal static class RankStudy
{
    private sealed record Fidelity(int Subset, int Epochs)
    {
        public override string ToString() => $"{Subset}:{Epochs}";

        public static Fidelity Parse(string text, string flag)
        {
            var parts = text.Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int subset) || !int.TryParse(parts[1], out int epochs) || subset < 1 || epochs < 1)
                throw new ArgumentException($"{flag}: a fidelity is SUBSET:EPOCHS with both positive (e.g. 5000:1), got '{text}'");
            return new Fidelity(subset, epochs);
        }
    }

    // The full fidelity: nas train's final training for this many epochs, its accuracy on the test set.
    private const string FinalPrefix = "final:";

    private sealed record Row(int Index, int Seed, string Architecture, long Parameters,
        double[] ProxyScores, double[] ProxySeconds, double[] Accuracies, double[] TrainSeconds, double ReferenceAccuracy, double ReferenceSeconds);

    private static int? Positive(int? value, string name) =>
        value is null or >= 1 ? value : throw new ArgumentException($"--{name}: a positive whole number, got {value}");

    public static int Run(string[] args)
    {
        string spaceName = "macro", dataset = DatasetCatalog.FashionMnist, fidelitiesText = "2000:1,5000:1", referenceText = "10000:3", sample = "anywhere";
        string? dataDir = null, csv = null;
        int count = 12, seed = 1, validation = 5000, batch = 64, replicas = 1;
        int? maxParams = null, channels = null, layers = null;
        if (!BenchOptions.Read("rankstudy", args, new Dictionary<string, Action<string>>
        {
            ["--space"] = v => spaceName = v,
            ["--count"] = v => count = BenchOptions.Int(v),
            ["--seed"] = v => seed = BenchOptions.Int(v),
            ["--validation"] = v => validation = BenchOptions.Int(v),
            ["--proxy-batch"] = v => batch = BenchOptions.Int(v),
            ["--dataset"] = v => dataset = v,
            ["--data-dir"] = v => dataDir = v,
            ["--fidelities"] = v => fidelitiesText = v,
            ["--reference"] = v => referenceText = v,
            ["--sample"] = v => sample = v,
            ["--max-params"] = v => maxParams = BenchOptions.Int(v),
            ["--channels"] = v => channels = BenchOptions.Int(v),
            ["--layers"] = v => layers = BenchOptions.Int(v),
            ["--replicas"] = v => replicas = BenchOptions.Int(v),
            ["--csv"] = v => csv = v,
        })) return 2;
        var fidelities = fidelitiesText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => Fidelity.Parse(f, "--fidelities")).ToArray();
        int? finalEpochs = referenceText.StartsWith(FinalPrefix, StringComparison.Ordinal)
            ? int.TryParse(referenceText[FinalPrefix.Length..], out int e) && e >= 1 ? e : throw new ArgumentException($"--reference: final:EPOCHS with EPOCHS positive, got '{referenceText}'")
            : null;
        var reference = finalEpochs is { } fe ? new Fidelity(60000, fe) : Fidelity.Parse(referenceText, "--reference");
        if (sample is not ("near" or "anywhere")) throw new ArgumentException($"--sample: near or anywhere, got '{sample}'");
        // A cell network's size (its architecture does not carry one): smaller than the search default keeps a study affordable on a CPU.
        var size = new NetworkOptions(Positive(channels, "channels"), Positive(layers, "layers"));
        if (size.IsSet && finalEpochs is not null) throw new ArgumentException("--channels, --layers: not with --reference final:E, which trains the network at its own size");
        if (count < 3) throw new ArgumentException("--count: a rank correlation needs at least 3 architectures");

        var kind = SpaceCatalog.Default.Kind(spaceName);
        if (kind.Task != SpaceTask.Image) throw new ArgumentException($"--space: {spaceName} is not an image space");
        var space = kind.Create((JsonObject?)null);
        var origin = sample == "near" ? kind.Reference(space) ?? throw new ArgumentException($"--sample: near needs a reference network, and the {spaceName} space has none") : null;
        var proxies = ProxyCatalog.Default.Names.Select(ProxyCatalog.Default.Get).ToArray();
        CpuKernels.OneNetworkAtATime = true; // as nas auto: oneDNN admitted per network
        // The fidelities trained on the search split: a final reference trains on the whole training set instead.
        var split = finalEpochs is null ? fidelities.Append(reference).ToArray() : fidelities;
        int largest = split.Max(f => f.Subset);

        using var data = PreparedData.ForSearch(dataset, dataDir, largest, validation, seed);
        // The split's training part is already a seeded permutation: its first n images are a random subset, nested
        // across fidelities, all normalised by the largest one's statistics.
        var subsets = split.Select(f => f.Subset).Distinct()
            .ToDictionary(s => s, s => s == data.Train.Count ? data.Train : data.Train.Select(Enumerable.Range(0, s).Select(i => (long)i).ToArray(), $"first {s}"));
        var order = Enumerable.Range(0, data.Train.Count).Select(i => (long)i).ToArray();
        new Random(seed).Shuffle(order);
        var shuffled = order.Take(batch).ToArray();
        using var proxyBatch = data.Train.Select(shuffled, "proxy batch");
        var input = new InputShape(data.Train.Channels, data.Train.Height, data.Train.Width, data.Train.Classes);

        Console.WriteLine($"rank study: {spaceName}, {count} architectures (seed {seed}), {dataset}, validation {validation} carved from training, " +
            $"{(size.IsSet ? $"networks of {size.Channels?.ToString() ?? "default"} channels and {size.Layers?.ToString() ?? "default"} cells, " : "")}sampled {sample}{(maxParams is { } m ? $" within {m:N0} parameters" : "")}, fidelities {string.Join(", ", fidelities.Select(f => f.ToString()))} ({replicas} replica(s)), " +
            $"reference {(finalEpochs is { } fin ? $"the final training, {fin} epochs, test accuracy" : reference.ToString())}, proxies {string.Join(", ", proxies.Select(p => p.Name))} on {batch} images, " +
            $"threads {get_num_threads()}");

        var random = new Random(seed);
        var rows = new List<Row>();
        var seen = new HashSet<string>();
        for (int i = 0, attempts = 0; i < count; i++)
        {
            var architecture = origin is null ? ArchitectureSampler.Sample(space, random)
                : i == 0 ? origin : ArchitectureMutator.Near(origin, random);
            if (++attempts > 100 * count) throw new ArgumentException($"--count: {count} distinct architectures within the limits were not found in {attempts} draws");
            if (!seen.Add(architecture.Key)) { i--; continue; }
            if (maxParams is { } limit)
            {
                using var scope = NewDisposeScope();
                using var probe = Build(architecture, input, 0, size);
                if (ModelStatistics.Count(probe).Network > limit) { i--; continue; }
            }
            int candidateSeed = seed * 1000 + i;
            var scores = new double[proxies.Length];
            var proxySeconds = new double[proxies.Length];
            long parameters;
            using (var scope = NewDisposeScope())
            {
                using var model = Build(architecture, input, candidateSeed, size);
                parameters = ModelStatistics.Count(model).Network;
                for (int p = 0; p < proxies.Length; p++)
                {
                    var clock = Stopwatch.StartNew();
                    scores[p] = proxies[p].Score(model, proxyBatch.Images, proxyBatch.Labels);
                    proxySeconds[p] = clock.Elapsed.TotalSeconds;
                }
            }
            var accuracies = new double[fidelities.Length];
            var seconds = new double[fidelities.Length];
            for (int f = 0; f < fidelities.Length; f++)
                (accuracies[f], seconds[f]) = Train(architecture, input, size, candidateSeed, fidelities[f], subsets[fidelities[f].Subset], data.Validation, replicas);
            var (referenceAccuracy, referenceSeconds) = finalEpochs is { } epochs
                ? Final(architecture, dataset, dataDir, candidateSeed, epochs, replicas)
                : Train(architecture, input, size, candidateSeed, reference, subsets[reference.Subset], data.Validation, replicas);
            var row = new Row(i + 1, candidateSeed, architecture.ToString(), parameters, scores, proxySeconds, accuracies, seconds, referenceAccuracy, referenceSeconds);
            rows.Add(row);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {i + 1,3}/{count}: {parameters,9:N0} params, {string.Join(", ", proxies.Select((p, k) => $"{p.Name} {scores[k]:G5} ({proxySeconds[k]:F2} s)"))}; " +
                $"{string.Join(", ", fidelities.Select((f, k) => $"{f} {accuracies[k]:P1} ({seconds[k]:F0} s)"))}; reference {referenceAccuracy:P1} ({referenceSeconds:F0} s)"));
        }

        foreach (var subset in subsets.Values) if (!ReferenceEquals(subset, data.Train)) subset.Dispose();
        Console.WriteLine();
        Console.WriteLine(Table(rows, proxies, fidelities, finalEpochs is { } fl ? $"the final training, {fl} epochs, test" : $"{reference.Epochs} epoch(s) on {reference.Subset} images"));
        if (csv is not null)
        {
            File.WriteAllText(csv, Csv(rows, proxies, fidelities, reference));
            Console.WriteLine($"raw rows: {csv}");
        }
        return 0;
    }

    private static nn.Module<Tensor, Tensor> Build(Architecture architecture, InputShape input, int seed, NetworkOptions size)
    {
        TorchRuntime.Seed(seed);
        return NetworkCatalog.Default.Build(architecture, input, size);
    }

    /// <summary>Trains the candidate from its seed (the same initial weights at every fidelity) as a rung of nas auto does; NaN if it diverges.</summary>
    private static (double Accuracy, double Seconds) Train(Architecture architecture, InputShape input, NetworkOptions size, int seed, Fidelity fidelity, ImageDataset train, ImageDataset validation, int replicas)
    {
        using var scope = NewDisposeScope();
        using var model = Build(architecture, input, seed, size);
        using var kernels = CpuKernels.AdmitOneDnnFor(model, input.Example);
        var trainer = new Trainer(new TrainingOptions { Epochs = fidelity.Epochs, BatchSize = 128, LearningRate = 0.05, Seed = seed, Replicas = replicas });
        try
        {
            var result = trainer.Train(model, train, validation, replicate: kernels.Replicating(replicas > 1 ? () => NetworkCatalog.Default.Build(architecture, input, size) : null));
            return (result.Last.ValidationAccuracy, result.Seconds);
        }
        catch (TrainingDivergedException)
        {
            return (double.NaN, double.NaN);
        }
    }

    /// <summary>The final training of the candidate (nas train's recipe, all training images), its test accuracy; NaN if it diverges.</summary>
    private static (double Accuracy, double Seconds) Final(Architecture architecture, string dataset, string? dataDir, int seed, int epochs, int replicas)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"nas-rankstudy-{Environment.ProcessId}-{seed}");
        Directory.CreateDirectory(directory);
        try
        {
            string file = Path.Combine(directory, "architecture.json");
            File.WriteAllText(file, architecture.ToJson());
            var request = new TrainRequest { Architecture = file, Seed = seed }
                .With("data.dataset", dataset).With("training.epochs", epochs).With("training.replicas", replicas);
            if (dataDir is not null) request = request.With("data.directory", dataDir);
            using var run = FinalTraining.Create(request);
            var result = run.RunAsync(new TrainingSession { Directory = Path.Combine(directory, "run") }).GetAwaiter().GetResult();
            return (result.Figures.First(f => f.Name == "test_accuracy").Value, result.Seconds);
        }
        catch (TrainingDivergedException)
        {
            return (double.NaN, double.NaN);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Table(List<Row> rows, IZeroCostProxy[] proxies, Fidelity[] fidelities, string reference)
    {
        var sb = new StringBuilder();
        var target = rows.Select(r => r.ReferenceAccuracy).ToArray();
        sb.AppendLine($"| predictor | Spearman ρ | Kendall τ | seconds per candidate | n |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        void Line(string name, double[] predictor, double seconds)
        {
            var pairs = predictor.Zip(target).Where(p => !double.IsNaN(p.First) && !double.IsNaN(p.Second)).ToArray();
            var x = pairs.Select(p => p.First).ToArray();
            var y = pairs.Select(p => p.Second).ToArray();
            string rho = x.Length >= 2 ? RankCorrelation.Spearman(x, y).ToString("F2", CultureInfo.InvariantCulture) : "–";
            string tau = x.Length >= 2 ? RankCorrelation.Kendall(x, y).ToString("F2", CultureInfo.InvariantCulture) : "–";
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rho} | {tau} | {seconds:G3} | {x.Length} |"));
        }
        for (int p = 0; p < proxies.Length; p++)
            Line($"proxy {proxies[p].Name}", rows.Select(r => r.ProxyScores[p]).ToArray(), rows.Average(r => r.ProxySeconds[p]));
        for (int f = 0; f < fidelities.Length; f++)
            Line($"accuracy after {fidelities[f].Epochs} epoch(s) on {fidelities[f].Subset} images", rows.Select(r => r.Accuracies[f]).ToArray(), rows.Where(r => !double.IsNaN(r.TrainSeconds[f])).Average(r => r.TrainSeconds[f]));
        sb.Append(string.Create(CultureInfo.InvariantCulture,
            $"| (reference: {reference}; accuracy {target.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min():P1} to {target.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max():P1}) | 1 | 1 | {rows.Where(r => !double.IsNaN(r.ReferenceSeconds)).Average(r => r.ReferenceSeconds):G3} | {target.Count(double.IsFinite)} |"));
        return sb.ToString();
    }

    private static string Csv(List<Row> rows, IZeroCostProxy[] proxies, Fidelity[] fidelities, Fidelity reference)
    {
        var sb = new StringBuilder();
        var header = new List<string> { "index", "seed", "parameters" };
        header.AddRange(proxies.SelectMany(p => new[] { p.Name, $"{p.Name}_seconds" }));
        header.AddRange(fidelities.SelectMany(f => new[] { $"accuracy_{f.Subset}x{f.Epochs}", $"seconds_{f.Subset}x{f.Epochs}" }));
        header.AddRange(new[] { $"reference_accuracy_{reference.Subset}x{reference.Epochs}", "reference_seconds", "architecture" });
        sb.AppendLine(string.Join(",", header));
        foreach (var r in rows)
        {
            var cells = new List<string> { N(r.Index), N(r.Seed), N(r.Parameters) };
            for (int p = 0; p < proxies.Length; p++) { cells.Add(N(r.ProxyScores[p])); cells.Add(N(r.ProxySeconds[p])); }
            for (int f = 0; f < fidelities.Length; f++) { cells.Add(N(r.Accuracies[f])); cells.Add(N(r.TrainSeconds[f])); }
            cells.Add(N(r.ReferenceAccuracy));
            cells.Add(N(r.ReferenceSeconds));
            cells.Add("\"" + r.Architecture.Replace("\"", "\"\"") + "\"");
            sb.AppendLine(string.Join(",", cells));
        }
        return sb.ToString();
    }

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
