using System.Text.Json;
using Nas.Evaluation;
using TorchSharp;
using TorchSharp.Modules;
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

    internal void Save(nn.Module model, OptimizerHelper optimizer, Generator augmentation, IReadOnlyList<EpochMetrics> epochs)
    {
        if (System.IO.Directory.Exists(Next)) System.IO.Directory.Delete(Next, true);
        System.IO.Directory.CreateDirectory(Next);
        model.save(Path.Combine(Next, "model.bin"));
        using (var writer = new BinaryWriter(File.Create(Path.Combine(Next, "optimizer.bin")))) optimizer.save_state_dict(writer);
        File.WriteAllBytes(Path.Combine(Next, "augmentation.rng"), Bytes(augmentation.get_state()));
        File.WriteAllBytes(Path.Combine(Next, "global.rng"), Bytes(torch.get_rng_state()));
        File.WriteAllText(Path.Combine(Next, StateFile), JsonSerializer.Serialize(new State(Fingerprint, epochs.ToArray()), Json));
        // Swap: the new one in, the old one out; a kill in between leaves one of them whole.
        if (System.IO.Directory.Exists(Previous)) System.IO.Directory.Delete(Previous, true);
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Move(Directory, Previous);
        System.IO.Directory.Move(Next, Directory);
        if (System.IO.Directory.Exists(Previous)) System.IO.Directory.Delete(Previous, true);
    }

    /// <summary>Restores everything into freshly built objects; returns the epochs already done.</summary>
    internal IReadOnlyList<EpochMetrics> Restore(nn.Module model, OptimizerHelper optimizer, Generator augmentation)
    {
        string source = Source();
        var state = Read(source);
        using (var noGrad = no_grad()) model.load(Path.Combine(source, "model.bin"));
        using (var reader = new BinaryReader(File.OpenRead(Path.Combine(source, "optimizer.bin")))) optimizer.load_state_dict(reader);
        using (var a = tensor(File.ReadAllBytes(Path.Combine(source, "augmentation.rng")))) augmentation.set_state(a);
        using (var g = tensor(File.ReadAllBytes(Path.Combine(source, "global.rng")))) torch.set_rng_state(g);
        return state.Epochs;
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
