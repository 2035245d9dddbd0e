using System.Text.Json;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TorchSharp;

namespace Nas.Bench;

/// <summary>
/// Issue 19's side-by-side mode: <c>nas train</c> and a PyTorch peer (Debian's python3-torch) train the same network on
/// the same images with the same threads and batch, one process at a time, alternating which goes first; then the
/// median images/s of each, their ratio, and each network's FLOP utilisation against a matmul measured in the same
/// run. The recipes are matched to the peers': SGD with momentum 0.9, weight decay 3e-4, clipping 5, random flips,
/// no crop, no label smoothing, no weight average, no auxiliary head or drop path.
/// Usage: Nas.Bench peer [--rounds 3] [--images 2000] [--threads 2] [--networks darts,residual,macro] [--replicas 1,2] [--onednn auto]
/// (<c>macro</c>: a macro-space network without a peer; our variants against the first.)
/// (<c>--replicas</c>: ours once per value: 1 is one network on libtorch's threads, as the peer; 2, nas train's default, two one-thread replicas.
/// <c>--onednn</c>: ours once per value of NAS_ONEDNN: auto, the default (unset), 0 (libtorch's own convolutions) or 1 (oneDNN forced, with the fill where it needs one).)
/// </summary>
internal static partial class PeerBenchmark
{
    // A network without a peer (PeerScript null) compares our variants only, each against the first.
    private sealed record Network(string Name, string? PeerScript, string[] OurArguments, string[] PeerArguments);

    // The macro network the bench trains (it has no PyTorch peer): the macro space's sample of seed 1.
    private static string MacroFile(string work)
    {
        using var defaults = JsonDocument.Parse("{}");
        var space = Nas.Spaces.SpaceCatalog.Default.Create("macro", defaults.RootElement);
        string file = Path.Combine(work, "macro.json");
        File.WriteAllText(file, Nas.Strategies.ArchitectureSampler.Sample(space, new Random(1)).ToJson());
        return file;
    }

    private static readonly string[] Recipe =
    [
        "--epochs", "1", "--batch-size", "128", "--seed", "1", "--crop-padding", "0", "--flip", "true",
        "--label-smoothing", "0", "--ema", "0", "--nesterov", "false", "--tta", "false", "--cutout", "0",
    ];

    public static int Run(string[] args)
    {
        int rounds = 3, images = 2000, threads = 2;
        var names = new List<string> { "darts", "residual" };
        var replicas = new List<int> { 1, 2 };
        var kernels = new List<string> { "auto" };
        if (!BenchOptions.Read("peer", args, new Dictionary<string, Action<string>>
        {
            ["--rounds"] = v => rounds = BenchOptions.Int(v),
            ["--images"] = v => images = BenchOptions.Int(v),
            ["--threads"] = v => threads = BenchOptions.Int(v),
            ["--networks"] = v => names = v.Split(',').ToList(),
            ["--replicas"] = v => replicas = v.Split(',').Select(BenchOptions.Int).ToList(),
            ["--onednn"] = v => kernels = v.Split(',').ToList(),
        })) return 2;
        if (kernels.FirstOrDefault(k => k is not ("auto" or "0" or "1")) is { } bad) { Console.Error.WriteLine($"peer: --onednn: '{bad}' is not auto, 0 or 1"); return 2; }
        // Each of ours: replicas and kernels.
        var variants = replicas.SelectMany(n => kernels.Select(k => (Replicas: n, OneDnn: k))).ToList();
        if (NasCli.Locate(out var error) is not { } nas) { Console.Error.WriteLine(error); return 2; }
        if (!PythonHasTorch(out var version)) { Console.Error.WriteLine("peer: /usr/bin/python3 cannot import torch (apt-get install python3-torch)"); return 2; }
        string repo = RepositoryRoot();
        string? shared = SharedPeers(repo);
        var known = new Dictionary<string, Network>
        {
            ["darts"] = new("DARTS_V2, C=16, 8 cells", shared is null ? "" : Path.Combine(shared, "darts_torch.py"),
                ["--arch", "DARTS_V2", "--init-channels", "16", "--cells", "8", "--auxiliary-weight", "0", "--drop-path", "0"], ["--C", "16", "--layers", "8"]),
            ["residual"] = new("resnet-baseline", Path.Combine(repo, "bench", "peers", "residual_torch.py"), ["--arch", "resnet-baseline"], []),
            ["macro"] = new("macro network (the macro space's sample of seed 1)", null, ["--arch", "MACRO"], []),
        };
        var networks = new List<Network>();
        foreach (var name in names)
        {
            if (!known.TryGetValue(name, out var network)) { Console.Error.WriteLine($"peer: --networks: '{name}' is not one of {string.Join(", ", known.Keys)}"); return 2; }
            if (network.PeerScript is not null && !File.Exists(network.PeerScript)) { Console.Error.WriteLine($"peer: the peer of {name} is missing ({(network.PeerScript.Length == 0 ? "../shared/peers not found" : network.PeerScript)})"); return 2; }
            networks.Add(network);
        }

        string work = Directory.CreateTempSubdirectory("nas-peer-").FullName;
        try
        {
            string data = TinyIdxData.Write(Path.Combine(work, "data"), images, 200);
            networks = networks.Select(n => n.OurArguments[1] == "MACRO" ? n with { OurArguments = ["--arch", MacroFile(work)] } : n).ToList();
            torch.set_num_threads(threads);
            double matmul = MatmulGflops();
            Console.WriteLine($"peer benchmark: {images} 1x28x28 images, batch 128, {threads} threads, {rounds} rounds alternating; PyTorch {version}; {Environment.ProcessorCount} cores");
            Console.WriteLine($"matmul (TorchSharp, 1024x1024 float32, {threads} threads): {matmul:F1} GFLOP/s");
            foreach (var network in networks)
            {
                var ours = variants.ToDictionary(v => v, _ => new List<double>());
                var peer = new List<double>();
                long multiplyAdds = 0;
                for (int r = 0; r < rounds; r++)
                {
                    // Alternate which goes first, so neither always inherits the other's cache and page state.
                    void Ours()
                    {
                        foreach (var v in variants)
                        {
                            var (rate, macs, why) = RunOurs(nas, network, data, threads, v.Replicas, v.OneDnn, Path.Combine(work, $"ours-{Path.GetFileName(network.OurArguments[1])}-{v.Replicas}-{v.OneDnn}-{r}"));
                            ours[v].Add(rate);
                            if (r == 0) Console.WriteLine($"  nas train ({Describe(v.Replicas, v.OneDnn)}): {why}");
                            multiplyAdds = macs;
                        }
                    }
                    void Peer() { if (network.PeerScript is not null) peer.Add(RunPeer(network, data, threads)); }
                    if (r % 2 == 0) { Ours(); Peer(); } else { Peer(); Ours(); }
                    Console.WriteLine($"  {network.Name} round {r + 1}: {string.Join(", ", variants.Select(v => $"nas train ({Describe(v.Replicas, v.OneDnn)}) {ours[v][^1]:F1} img/s"))}" +
                        (peer.Count > 0 ? $", PyTorch {peer[^1]:F1} img/s" : ""));
                }
                // Without a peer, each variant is compared with the first.
                double mp = peer.Count > 0 ? ResidualBenchmark.Median(peer) : ResidualBenchmark.Median(ours[variants[0]]);
                string against = peer.Count > 0 ? "PyTorch" : $"nas train, {Describe(variants[0].Replicas, variants[0].OneDnn)}";
                // Training does about three times a forward pass's multiply-adds (forward, and the two products of backward), two FLOPs each.
                double Gflops(double rate) => 6.0 * multiplyAdds * rate / 1e9;
                string Line(string who, double rate) => $"{who} {rate:F1} img/s, {Gflops(rate):F1} GFLOP/s ({100 * Gflops(rate) / matmul:F0}% of the matmul)";
                Console.WriteLine($"{network.Name} ({multiplyAdds / 1e6:F2}M multiply-adds), medians: {(peer.Count > 0 ? Line("PyTorch", mp) : "no peer")}");
                foreach (var v in variants)
                    Console.WriteLine($"  {Line($"nas train, {Describe(v.Replicas, v.OneDnn)}:", ResidualBenchmark.Median(ours[v]))}; ratio to {against} {ResidualBenchmark.Median(ours[v]) / mp:F2}");
            }
            return 0;
        }
        finally { Directory.Delete(work, recursive: true); }
    }

    private static string Describe(int replicas, string oneDnn) =>
        $"{replicas} replica{(replicas > 1 ? "s" : "")}{oneDnn switch { "0" => ", NAS_ONEDNN=0", "1" => ", NAS_ONEDNN=1", _ => "" }}";

    private static (double Rate, long MultiplyAdds, string? Kernels) RunOurs(string nas, Network network, string data, int threads, int replicas, string oneDnn, string output)
    {
        var start = NasCli.StartInfo(nas, ["train", .. network.OurArguments, "--data-dir", data, "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--replicas", replicas.ToString(CultureInfo.InvariantCulture), .. Recipe, "--out", output]);
        if (oneDnn == "auto") start.Environment.Remove("NAS_ONEDNN");
        else start.Environment["NAS_ONEDNN"] = oneDnn;
        var (code, text) = Execute(start);
        if (code != 0) throw new InvalidOperationException($"nas train failed ({code}):\n{text}");
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "result.json")))!;
        return (result["epochs"]![0]!["images_per_second"]!.GetValue<double>(), result["multiply_adds"]!.GetValue<long>(), result["runtime"]?["cpu_kernels"]?.GetValue<string>());
    }

    private static double RunPeer(Network network, string data, int threads)
    {
        var (code, text) = Python([network.PeerScript!, data, .. network.PeerArguments, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--batch", "128"]);
        var match = RateLine().Match(text);
        if (code != 0 || !match.Success) throw new InvalidOperationException($"the peer failed ({code}):\n{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Runs Debian's <c>/usr/bin/python3</c> (where python3-torch installs) with <paramref name="arguments"/>; its exit code, standard output then error.</summary>
    internal static (int Code, string Output) Python(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return Execute(start);
    }

    private static (int Code, string Output) Execute(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    // The FLOP rate of a plain matmul, the best this machine does with these threads (median of 5 timings of 10 products).
    private static double MatmulGflops()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(1024, 1024);
        var b = torch.randn(1024, 1024);
        for (int i = 0; i < 3; i++) torch.mm(a, b).Dispose();
        var rates = new List<double>();
        for (int t = 0; t < 5; t++)
        {
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < 10; i++) torch.mm(a, b).Dispose();
            rates.Add(10 * 2.0 * 1024 * 1024 * 1024 / watch.Elapsed.TotalSeconds / 1e9);
        }
        return ResidualBenchmark.Median(rates);
    }

    internal static bool PythonHasTorch(out string version)
    {
        version = "";
        if (!File.Exists("/usr/bin/python3")) return false;
        var (code, text) = Python(["-c", "import torch; print(torch.__version__)"]);
        version = text.Trim();
        return code == 0;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "bench", "peers"))) return dir.FullName;
        throw new InvalidOperationException("the repository (bench/peers) was not found above the bench's build");
    }

    // The team's peers (../shared/peers beside the repository), or NAS_PEERS.
    internal static string? SharedPeers(string repo)
    {
        if (Environment.GetEnvironmentVariable("NAS_PEERS") is { Length: > 0 } given) return given;
        string beside = Path.GetFullPath(Path.Combine(repo, "..", "shared", "peers"));
        return Directory.Exists(beside) ? beside : null;
    }

    [GeneratedRegex(@"= ([0-9.]+) img/s")]
    private static partial Regex RateLine();
}
