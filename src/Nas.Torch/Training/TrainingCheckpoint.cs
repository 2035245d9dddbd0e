using System.Text.Json;
using Nas.Evaluation;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// A training run's state after each epoch, in a directory, so that a long `nas train` survives being stopped:
/// the weights, the optimiser's momentum, both random generators (shuffling is fixed by the epoch number), the
/// epochs so far and a fingerprint of the run's settings. Resuming from it gives the same weights as never
/// stopping. Each save is written beside the last and swapped in, so a kill mid-save leaves the previous one.
/// </summary>
public sealed class TrainingCheckpoint
{
    private const string StateFile = "state.json";
    // Epochs trained without a validation split carry NaN validation figures.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <param name="directory">Where the checkpoint lives (created on the first save).</param>
    /// <param name="fingerprint">The run's settings as text: a checkpoint of other settings is refused.</param>
    public TrainingCheckpoint(string directory, string fingerprint)
    {
        Directory = Path.GetFullPath(directory);
        Fingerprint = fingerprint;
    }

    public string Directory { get; }
    public string Fingerprint { get; }

    private string Next => Directory + ".next";
    private string Previous => Directory + ".previous";

    /// <summary>Whether a checkpoint (or the one before an interrupted swap) is there.</summary>
    public bool Exists => System.IO.Directory.Exists(Directory) || System.IO.Directory.Exists(Previous);

    /// <summary>The epochs completed by the saved run.</summary>
    public int SavedEpochs => Exists ? Read(Source()).Epochs.Length : 0;

    internal void Save(nn.Module model, OneShot.MomentumSgd optimizer, double initialLearningRate, double nextLearningRate, Generator augmentation, IReadOnlyList<EpochMetrics> epochs)
    {
        if (System.IO.Directory.Exists(Next)) System.IO.Directory.Delete(Next, true);
        System.IO.Directory.CreateDirectory(Next);
        model.save(Path.Combine(Next, "model.bin"));
        using (var writer = new BinaryWriter(File.Create(Path.Combine(Next, "optimizer.bin")))) optimizer.Save(writer, initialLearningRate, nextLearningRate);
        File.WriteAllBytes(Path.Combine(Next, "augmentation.rng"), Bytes(augmentation.get_state()));
        File.WriteAllBytes(Path.Combine(Next, "global.rng"), Bytes(torch.get_rng_state()));
        File.WriteAllText(Path.Combine(Next, StateFile), JsonSerializer.Serialize(new State(Fingerprint, epochs.ToArray()), Json));
        // Swap: the new one in, the old one out; a kill in between leaves one of them whole.
        if (System.IO.Directory.Exists(Previous)) System.IO.Directory.Delete(Previous, true);
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Move(Directory, Previous);
        System.IO.Directory.Move(Next, Directory);
        if (System.IO.Directory.Exists(Previous)) System.IO.Directory.Delete(Previous, true);
    }

    /// <summary>Restores everything into freshly built objects; returns the epochs already done and the learning rate of the next.</summary>
    internal (IReadOnlyList<EpochMetrics> Epochs, double NextLearningRate) Restore(nn.Module model, OneShot.MomentumSgd optimizer, Generator augmentation)
    {
        string source = Source();
        var state = Read(source);
        // Every file is checked before libtorch sees it: a damaged one is named, never a native abort.
        byte[] augmentationState, globalState;
        using (var current = augmentation.get_state()) augmentationState = RandomState(source, "augmentation.rng", current.shape[0]);
        using (var current = torch.get_rng_state()) globalState = RandomState(source, "global.rng", current.shape[0]);
        Load(source, "model.bin", reader =>
        {
            using var noGrad = no_grad();
            model.load(reader);
        });
        double nextLearningRate = 0;
        Load(source, "optimizer.bin", reader => nextLearningRate = optimizer.Load(reader));
        using (var a = tensor(augmentationState)) augmentation.set_state(a);
        using (var g = tensor(globalState)) torch.set_rng_state(g);
        return (state.Epochs, nextLearningRate);
    }

    /// <summary>
    /// Reads one weights or state file through <paramref name="load"/>; a missing, short, long or malformed file is a
    /// user error naming it (TorchSharp reports those as end-of-stream, argument or data errors).
    /// </summary>
    private static void Load(string source, string name, Action<BinaryReader> load)
    {
        string path = Path.Combine(source, name);
        if (!File.Exists(path)) throw new NasUserException($"{path}: missing from the checkpoint; it cannot be resumed (remove {source} to start again)");
        try
        {
            using var stream = File.OpenRead(path);
            using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true)) load(reader);
            if (stream.Position != stream.Length) throw new InvalidDataException($"{stream.Length - stream.Position} bytes left over");
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidDataException or FormatException or OverflowException
                                      or InvalidOperationException or OutOfMemoryException or NotImplementedException or System.Runtime.InteropServices.ExternalException)
        {
            // libtorch's messages run on with a native backtrace: the first line says what is wrong.
            string reason = e.Message.Split('\n', 2)[0].Trim();
            throw new NasUserException($"{path} is damaged ({reason}); the checkpoint cannot be resumed (remove {source} to start again)");
        }
    }

    /// <summary>A saved random generator state, which must be exactly as long as the generator's own.</summary>
    private static byte[] RandomState(string source, string name, long length)
    {
        string path = Path.Combine(source, name);
        if (!File.Exists(path)) throw new NasUserException($"{path}: missing from the checkpoint; it cannot be resumed (remove {source} to start again)");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new NasUserException($"{path}: cannot read ({e.Message})"); }
        string? fault = bytes.Length != length ? $"{bytes.Length} bytes, a generator state has {length}" : MersenneTwisterFault(bytes);
        if (fault is not null)
            throw new NasUserException($"{path} is damaged ({fault}); the checkpoint cannot be resumed (remove {source} to start again)");
        return bytes;
    }

    // libtorch's CPU generator state (CPUGeneratorImplState, 5056 bytes) begins with the legacy THGeneratorState:
    // seed (8 bytes), left (int32 at 8), seeded (int32 at 12), next (uint64 at 16), the 624-word state. set_state
    // aborts the process (an uncaught c10::Error, "Invalid mt19937 state") unless seeded, 0 < left <= 624 and
    // next <= 624, so those are checked here first.
    private const int CpuGeneratorStateLength = 5056;
    private const int MersenneStateWords = 624;

    private static string? MersenneTwisterFault(byte[] state)
    {
        if (state.Length != CpuGeneratorStateLength) return null;
        int left = BitConverter.ToInt32(state, 8);
        int seeded = BitConverter.ToInt32(state, 12);
        uint next = (uint)BitConverter.ToUInt64(state, 16);
        return seeded != 0 && left > 0 && left <= MersenneStateWords && next <= MersenneStateWords
            ? null
            : "not a valid Mersenne Twister state";
    }

    /// <summary>Removes the checkpoint (the run finished and wrote its results).</summary>
    public void Delete()
    {
        foreach (var d in new[] { Directory, Previous, Next })
            if (System.IO.Directory.Exists(d)) System.IO.Directory.Delete(d, true);
    }

    private string Source() => System.IO.Directory.Exists(Directory) ? Directory : Previous;

    private State Read(string source)
    {
        State? state;
        try { state = JsonSerializer.Deserialize<State>(File.ReadAllText(Path.Combine(source, StateFile)), Json); }
        catch (Exception e) when (e is JsonException or IOException) { throw new NasUserException($"{source}: the checkpoint cannot be read ({e.Message})"); }
        if (state is null) throw new NasUserException($"{source}: the checkpoint is empty");
        if (state.Fingerprint != Fingerprint)
            throw new NasUserException($"{source}: the checkpoint was written with other settings; resume with the same options, or use another --out");
        return state;
    }

    private static byte[] Bytes(Tensor t)
    {
        using (t) return t.data<byte>().ToArray();
    }

    private sealed record State(string Fingerprint, EpochMetrics[] Epochs);
}
