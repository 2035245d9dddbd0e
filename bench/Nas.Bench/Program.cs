using System.Diagnostics;
using System.Globalization;
using Nas.Bench;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Runtime;

// Usage: Nas.Bench trainer [rounds] [images]   our trainer vs a plain TorchSharp loop, side by side
//        Nas.Bench allocator [rounds] [images] the trainer with and without the malloc tuning (child processes, oneDNN off in both)
//        Nas.Bench onednn [rounds] [images]    the trainer with oneDNN convolutions off and on (child processes, malloc tuned in both)
//        Nas.Bench kernelcheck [networks] [batches] [space=macro] [batch=64] non-finite losses over fresh random networks (oneDNN check)
//        Nas.Bench evalbatch [images=5000] [arch=resnet-baseline] [batches=1000,256,128] evaluation img/s per evaluation batch size, oneDNN on and off
//        Nas.Bench rungcheck ARCH...         one nas auto rung trial per architecture (admission, two replicas, validation): where its seconds go
//        Nas.Bench opprofile [--rounds 3] [--batches 13] [--threads 2]  DARTS_V2's training step per op class, forward and backward, ours against PyTorch's
//        Nas.Bench conv1x1 [rounds=5] [reps=10]  issue 19: DARTS_V2's 1x1 convolutions against a batched matrix product, forward and backward
//        Nas.Bench admitcheck [networks=100] [batches=3] [space=residual] [batch=64] [first=0] per-network oneDNN admission: networks with routed convolutions, and losses with oneDNN against libtorch's own
//        Nas.Bench zerofill [rounds=4] [images=6400]  training img/s with and without the zero-filled allocations, oneDNN on in both (child processes)
//        Nas.Bench residual [rounds] [images] [threads]  training img/s: the residual space's baseline vs a macro network of its size, then its smallest and largest members
//        Nas.Bench rnn [rounds] [size] [windows] [threads] language-model training tokens/s: DARTS_V2 cell vs TorchSharp nn.LSTM vs the DARTS search supernet, side by side
//        Nas.Bench enas [macro|micro|both] [epochs] [images] [threads]  ENAS search: seconds per epoch and RSS after each
//        Nas.Bench oneshot [images]            seconds per search epoch and peak memory: DARTS 1st, 2nd order, SNAS (child processes)
//        Nas.Bench once [images]               one run of our trainer; prints images/s (used by the two above)
//        Nas.Bench chaos [kills=20] [trials=120] [storage-url] [strategy=evolution]  crash-safety chaos test (issue #8): SIGKILL and restart a coordinator and 2 workers at random, then check the store
//        Nas.Bench claims [claimers=8] [trials=2000] [postgres-url]  trial-queue claims/s, SQLite vs PostgreSQL (URL or NAS_TEST_POSTGRES), and no trial claimed twice
//        Nas.Bench layout                      ms per op (relu, depthwise, pointwise, dense conv, BN, sep_conv, cat) in NCHW against channels-last
//        Nas.Bench layoutcheck [repeats=5] [nchw|nhwc]  every registry op forward+backward at small channel counts; a heap corruption aborts on the op that caused it
//        Nas.Bench controller [architectures=200]  NAS-RL controller ms per architecture (sample + update), macro and darts-cell spaces
//        Nas.Bench workers [trials=8]          children/hour of a small local search with --workers 1 and 2 (child processes)
//        Nas.Bench recipe-ablation [--arch FILE] [--epochs 3] [--train 10000] [--seed 1] [--lr 0.05]  issue 18: the training recipe's additions one at a time on Fashion-MNIST, a markdown table
//        Nas.Bench scalarrace [seconds=30]     failures of a + b (TorchSharp's temporary Scalar) against add with a held Scalar, under GC pressure
//        Nas.Bench autocompare [--budget 15m] [--seeds 1,2,3] [--arms halving,none,random] [--out DIR] [-- NAS_AUTO_FLAGS]  issue 18: nas auto against the baseline trained for the whole budget and against random search, at equal wall time
//        Nas.Bench threadcheck [rounds=3] [images=3840]  resnet-baseline training img/s and CPU use on the main thread, a thread-pool thread and a new thread
//        Nas.Bench replicacheck [rounds=5] [steps=30]  resnet-baseline img/s: one model on libtorch's threads against two one-thread replicas averaging gradients
//        Nas.Bench peer [--rounds 3] [--images 2000] [--threads 2] [--networks darts,residual] [--replicas 1,2]  issue 19: nas train against the PyTorch peers (python3-torch), alternating, img/s, ratio and FLOP utilisation
//        Nas.Bench phases [--rounds 3] [--images 2560] [--threads 2]  issue 19: ms per phase of a resnet-baseline training step, ours against PyTorch's
//        Nas.Bench rankstudy [--space macro] [--count 12] [--sample anywhere|near] [--max-params N] [--channels C] [--layers L] [--replicas 1] [--fidelities 2000:1,5000:1] [--reference 10000:3|final:EPOCHS] [--seed 1] [--validation 5000] [--proxy-batch 64] [--csv PATH]  issue 18: Spearman/Kendall of zero-cost proxies and low-fidelity accuracy against a reference training
//        Nas.Bench regret [--evaluations 300] [--seeds 5] [--spaces flat,macro,darts] [--strategies random,evolution,...] [--marks 50,100,300]  issue 20: regret of every strategy against random search on closed-form objectives
//        Nas.Bench strategies [--strategies random,evolution,local,tpe,bananas] [--seeds 1,2,3] [--trials 30] [--out DIR] [-- NAS_SEARCH_FLAGS]  issue 20: every strategy against random search on Fashion-MNIST at one low-fidelity trial budget
//        Nas.Bench latency [--spaces macro,residual,darts-cell] [--networks 40] [--seed 1] [--repeats 15] [--threads 1] [--csv PATH]  issue 20: the per-op latency table's predictions against whole-network timing
//        Nas.Bench reuse [--seeds 1,2,3] [--budget 4m] [--retrain-epochs 2] [--out DIR] [-- NAS_SEARCH_FLAGS]  issue 20: evolution with and without --inherit-weights at equal wall time, best retrained
string mode = args.Length > 0 ? args[0] : "trainer";
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
bool tuned = NativeAllocator.Configure();
CpuKernels.ApplyDefaults();

switch (mode)
{
    case "regret":
    {
        int evaluations = 300, seeds = 5;
        string[] spaces = [.. Nas.Verification.SyntheticSpaces.Names], strategies = [.. RegretBenchmark.Strategies.Keys];
        int[] marks = [50, 100, 300];
        if (!BenchOptions.Read(mode, args, new Dictionary<string, Action<string>>
        {
            ["--evaluations"] = v => evaluations = BenchOptions.Int(v),
            ["--seeds"] = v => seeds = BenchOptions.Int(v),
            ["--spaces"] = v => spaces = v.Split(','),
            ["--strategies"] = v => strategies = v.Split(','),
            ["--marks"] = v => marks = v.Split(',').Select(BenchOptions.Int).ToArray(),
        })) return 2;
        if (strategies.FirstOrDefault(s => !RegretBenchmark.Strategies.ContainsKey(s)) is { } unknown)
        { Console.Error.WriteLine($"regret: unknown strategy '{unknown}' (known: {string.Join(", ", RegretBenchmark.Strategies.Keys)})"); return 2; }
        if (spaces.FirstOrDefault(s => !Nas.Verification.SyntheticSpaces.Names.Contains(s)) is { } unknownSpace)
        { Console.Error.WriteLine($"regret: unknown space '{unknownSpace}' (known: {string.Join(", ", Nas.Verification.SyntheticSpaces.Names)})"); return 2; }
        RegretBenchmark.Run(evaluations, seeds, spaces, strategies, marks.Where(m => m <= evaluations).ToArray());
        break;
    }
    case "trainer":
    {
        int rounds = Arg(1, 4), images = Arg(2, 6400);
        using var data = TrainerBenchmark.Data(images);
        Console.WriteLine($"trainer benchmark: macro network (default space, seed 1), batch {TrainerBenchmark.BatchSize}, {images} random 1x28x28 images, {rounds} rounds, threads {TorchSharp.torch.get_num_threads()}, malloc tuned {tuned}");
        TrainerBenchmark.Ours(data); TrainerBenchmark.Plain(data); // warm-up
        var ours = new List<double>(); var plain = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            // Alternate which runs first, so a cost one leaves behind (heap state, cache) is not always the other's.
            if (r % 2 == 0) { ours.Add(TrainerBenchmark.Ours(data)); plain.Add(TrainerBenchmark.Plain(data)); }
            else { plain.Add(TrainerBenchmark.Plain(data)); ours.Add(TrainerBenchmark.Ours(data)); }
            Console.WriteLine($"  round {r + 1}: ours {ours[^1]:F0} img/s, plain loop {plain[^1]:F0} img/s");
        }
        double mo = Median(ours), mp = Median(plain);
        Console.WriteLine($"median: ours {mo:F0} img/s, plain loop {mp:F0} img/s, ratio ours/plain {mo / mp:F3}");
        break;
    }
    case "residual":
    {
        int rounds = Arg(1, 3), images = Arg(2, 2560), threads = Arg(3, 2);
        TorchSharp.torch.set_num_threads(threads);
        Console.WriteLine($"residual benchmark: batch 128, {images} random 1x28x28 images, {rounds} rounds, threads {TorchSharp.torch.get_num_threads()}, malloc tuned {tuned}");
        ResidualBenchmark.Run(rounds, images);
        break;
    }
    case "replicacheck":
        ReplicaCheck.Run(Arg(1, 5), Arg(2, 30));
        break;
    case "threadcheck":
    {
        int rounds = Arg(1, 3), images = Arg(2, 3840);
        Console.WriteLine($"thread check: resnet-baseline, batch 128, {images} random 1x28x28 images, {rounds} rounds, threads {TorchSharp.torch.get_num_threads()}, malloc tuned {tuned}");
        ThreadCheck.Run(rounds, images);
        break;
    }
    case "rnn":
    {
        int rounds = Arg(1, 3), size = Arg(2, 256), windows = Arg(3, 20), threads = Arg(4, 0);
        if (threads > 0) TorchSharp.torch.set_num_threads(threads);
        var train = RecurrentBenchmark.Stream(RecurrentBenchmark.BatchSize * (RecurrentBenchmark.Bptt * windows + 1));
        var validation = RecurrentBenchmark.Stream(10 * 36);
        Console.WriteLine($"rnn benchmark: language model, size {size}, {RecurrentBenchmark.Tokens} tokens, batch {RecurrentBenchmark.BatchSize}, bptt {RecurrentBenchmark.Bptt}, {windows} windows per round, {rounds} rounds, threads {TorchSharp.torch.get_num_threads()}");
        RecurrentBenchmark.Run(RecurrentBenchmark.DartsV2, size, train[..(RecurrentBenchmark.BatchSize * 80)], validation); // warm-up
        var searchValidation = RecurrentBenchmark.Stream(RecurrentBenchmark.BatchSize * (RecurrentBenchmark.Bptt + 1)); // one full alpha window
        var darts = new List<double>(); var lstm = new List<double>(); var search = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            var order = new (List<double> Into, Func<double> Run)[]
            {
                (darts, () => RecurrentBenchmark.Run(RecurrentBenchmark.DartsV2, size, train, validation)),
                (lstm, () => RecurrentBenchmark.Run(RecurrentNetworks.LstmCell, size, train, validation)),
                (search, () => RecurrentBenchmark.Search(size, train, searchValidation)),
            };
            foreach (var (into, run) in r % 2 == 0 ? order : order.AsEnumerable().Reverse()) into.Add(run());
            Console.WriteLine($"  round {r + 1}: DARTS_V2 cell {darts[^1]:F0} tokens/s, nn.LSTM {lstm[^1]:F0} tokens/s, DARTS search supernet {search[^1]:F0} tokens/s");
        }
        Console.WriteLine($"median: DARTS_V2 cell {Median(darts):F0} tokens/s, nn.LSTM {Median(lstm):F0} tokens/s, DARTS search {Median(search):F0} tokens/s; " +
            $"ratio DARTS_V2/LSTM {Median(darts) / Median(lstm):F3}, search/DARTS_V2 {Median(search) / Median(darts):F3}");
        break;
    }
    case "once":
    {
        using var data = TrainerBenchmark.Data(Arg(1, 6400));
        TrainerBenchmark.Ours(data);
        Console.WriteLine(TrainerBenchmark.Ours(data).ToString("F1", CultureInfo.InvariantCulture));
        break;
    }
    case "enas":
    {
        string which = args.Length > 1 ? args[1] : "both";
        if (which == "micro") which = Nas.Spaces.Cells.EnasCellSpace.Name;
        if (which == "macro") which = Nas.Spaces.Macro.EnasMacroSpace.Name;
        if (Arg(4, 0) > 0) TorchSharp.torch.set_num_threads(Arg(4, 0));
        EnasBenchmark.Run(which, Arg(2, 3), Arg(3, 640));
        break;
    }
    case "oneshot":
        OneShotBenchmark.Compare(Arg(1, 320));
        break;
    case "oneshot-once":
        OneShotBenchmark.Once(Enum.Parse<Nas.Torch.OneShot.OneShotMethod>(args[1]), Arg(2, 320));
        break;
    case "kernelcheck":
    {
        string family = args.Length > 3 ? args[3] : "macro";
        var (bad, total) = KernelCheck.Run(Arg(1, 60), Arg(2, 3), family, Arg(4, 64));
        Console.WriteLine($"kernel check ({family} space): oneDNN {CpuKernels.OneDnnEnabled}, malloc tuned {tuned}, zero fill {NativeAllocator.ZeroFills} ({CpuKernels.Reason}): {bad} of {total} fresh networks gave a non-finite loss");
        break;
    }
    case "evalbatch":
        EvaluationBatch.Run(Arg(1, 5000), args.Length > 2 ? args[2] : "resnet-baseline", (args.Length > 3 ? args[3] : "1000,256,128").Split(',').Select(int.Parse).ToArray());
        break;
    case "rungcheck":
        if (!RungCheck.Run(args.Skip(1).ToArray())) return 2;
        break;
    case "conv1x1":
        Conv1x1Check.Run(Arg(1, 5), Arg(2, 10));
        break;
    case "admitcheck":
        AdmissionCheck.Run(Arg(1, 100), Arg(2, 3), args.Length > 3 ? args[3] : "residual", Arg(4, 64), Arg(5, 0));
        break;
    case "allocator":
        // oneDNN off in both (then there is no zero fill either), so only the malloc thresholds differ.
        Compare("allocator benchmark: our trainer in child processes, oneDNN off in both", "NAS_NO_MALLOPT", "0", "malloc tuned", "1", "default malloc", Arg(1, 4), Arg(2, 6400), ("NAS_ONEDNN", "0"));
        break;
    case "onednn":
        Compare("oneDNN benchmark: our trainer in child processes, malloc tuned (zero fill) in both", "NAS_ONEDNN", "0", "oneDNN off", "1", "oneDNN on", Arg(1, 4), Arg(2, 6400), ("NAS_ZERO_FILL", "malloc"));
        break;
    case "zerofill":
        Compare("zero-fill benchmark: our trainer in child processes, oneDNN on in both", "NAS_ZERO_FILL", "malloc", "zero fill", "none", "no fill", Arg(1, 4), Arg(2, 6400), ("NAS_ONEDNN", "1"));
        break;
    case "layout":
        MicroOps.Run();
        break;
    case "layoutcheck":
        LayoutCheck.Run(Arg(1, 5), args.Length > 2 && args[2] == "nhwc");
        break;
    case "controller":
        ControllerBenchmark.Run(Arg(1, 200));
        break;
    case "chaos":
        return ChaosRun.Run(Arg(1, 20), Arg(2, 120), args.Length > 3 ? args[3] : null, args.Length > 4 ? args[4] : "evolution");
    case "claims":
        return ClaimBenchmark.Run(Arg(1, 8), Arg(2, 2000), args.Length > 3 ? args[3] : null);
    case "workers":
        return WorkerThroughput.Run(Arg(1, 8));
    case "recipe-ablation":
        RecipeAblation.Run(args);
        break;
    case "scalarrace":
        return ScalarRace.Run(Arg(1, 30));
    case "peer":
        return PeerBenchmark.Run(args);
    case "phases":
        return PhaseProfile.Run(args);
    case "opprofile":
        return OpProfile.Run(args);
    case "rankstudy":
        // Its options are checked as they are read: a bad one is one line, not a stack trace.
        try { return RankStudy.Run(args); }
        // A library refusal too, e.g. --channels for a space whose networks carry their size.
        catch (Exception e) when (e is ArgumentException or Nas.NasUserException) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
    case "autocompare":
        return AutoCompare.Run(args);
    case "strategies":
        return StrategyCompare.Run(args);
    case "reuse":
        return ReuseBenchmark.Run(args);
    case "latency":
        return LatencyBenchmark.Run(args);
    default:
        Console.Error.WriteLine($"error: unknown benchmark '{mode}' (trainer, allocator, onednn, kernelcheck, admitcheck, conv1x1, evalbatch, rungcheck, zerofill, rnn, enas, oneshot, once, chaos, claims, workers, layout, layoutcheck, controller, recipe-ablation, scalarrace, threadcheck, replicacheck)");
        return 2;
}
return 0;

static double Median(List<double> xs)
{
    var s = xs.OrderBy(x => x).ToArray();
    return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
}

static void Compare(string title, string variable, string valueA, string nameA, string valueB, string nameB, int rounds, int images, (string Name, string Value) fixedVariable)
{
    Console.WriteLine($"{title}: {nameA} ({variable}={valueA}) vs {nameB} ({variable}={valueB}), {rounds} rounds of {images} images, alternated");
    var a = new List<double>(); var b = new List<double>();
    for (int r = 0; r < rounds; r++)
    {
        a.Add(Child(images, variable, valueA, fixedVariable));
        b.Add(Child(images, variable, valueB, fixedVariable));
        Console.WriteLine($"  round {r + 1}: {nameA} {a[^1]:F0} img/s, {nameB} {b[^1]:F0} img/s");
    }
    Console.WriteLine($"median: {nameA} {Median(a):F0} img/s, {nameB} {Median(b):F0} img/s, ratio {nameA}/{nameB} {Median(a) / Median(b):F2}");
}

static double Child(int images, string variable, string value, (string Name, string Value) fixedVariable)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (self.EndsWith("dotnet", StringComparison.Ordinal)) start.ArgumentList.Add(typeof(TrainerBenchmark).Assembly.Location);
    start.ArgumentList.Add("once");
    start.ArgumentList.Add(images.ToString(CultureInfo.InvariantCulture));
    start.Environment[variable] = value;
    start.Environment[fixedVariable.Name] = fixedVariable.Value;
    using var p = Process.Start(start)!;
    string output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    return double.Parse(output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
}
