using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// Writes the files of one checkpoint into a directory (the one <see cref="CheckpointDirectory.Save"/> hands
/// out), in TorchSharp's own formats: module state dicts, optimiser state dicts, tensors; random generator
/// states as their raw bytes; plain state as JSON. <see cref="CheckpointReader"/> reads each back.
/// </summary>
internal sealed class CheckpointWriter
{
    /// <summary>The file every search checkpoint keeps its plain state in, with its kind and fingerprint.</summary>
    public const string StateFile = "state.json";

    /// <summary>JSON as the checkpoints write it: NaN (a figure an epoch did not measure) is allowed.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public CheckpointWriter(string directory) => Directory = directory;

    /// <summary>The directory written into.</summary>
    public string Directory { get; }

    private string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>A module's parameters and buffers (its state dict).</summary>
    public void Module(string file, nn.Module module) => module.save(PathOf(file));

    /// <summary>A TorchSharp optimiser's state dict (options and per-parameter state).</summary>
    public void Optimizer(string file, OptimizerHelper optimizer)
    {
        using var writer = new BinaryWriter(File.Create(PathOf(file)));
        optimizer.save_state_dict(writer);
    }

    /// <summary>Tensors in order: their count, then each in TorchSharp's tensor format.</summary>
    public void Tensors(string file, IReadOnlyList<Tensor> tensors) => Binary(file, writer =>
    {
        writer.Write(tensors.Count);
        foreach (var t in tensors) t.Save(writer);
    });

    /// <summary>
    /// Which of <paramref name="parameters"/> have a gradient: their count, then a flag each. The values need no
    /// saving (every step here zeroes the gradients before its backward pass), but their presence does: the
    /// optimisers skip a parameter without one, and zeroing keeps a gradient a parameter once had, so a
    /// parameter a past child used keeps getting weight decay and momentum.
    /// </summary>
    public void GradientMask(string file, IReadOnlyList<Parameter> parameters) => Binary(file, writer =>
    {
        writer.Write(parameters.Count);
        foreach (var p in parameters)
        {
            using var grad = p.grad;
            writer.Write(grad is not null);
        }
    });

    /// <summary>A file written by <paramref name="write"/> (an optimiser of this library saving its state).</summary>
    public void Binary(string file, Action<BinaryWriter> write)
    {
        using var writer = new BinaryWriter(File.Create(PathOf(file)));
        write(writer);
    }

    /// <summary>A random generator's state.</summary>
    public void Generator(string file, Generator generator)
    {
        using var state = generator.get_state();
        File.WriteAllBytes(PathOf(file), state.data<byte>().ToArray());
    }

    /// <summary>A state of torch's global generator, as bytes.</summary>
    public void GlobalRandom(string file, byte[] state) => File.WriteAllBytes(PathOf(file), state);

    /// <summary>The current state of torch's global generator.</summary>
    public void GlobalRandom(string file)
    {
        using var state = torch.get_rng_state();
        GlobalRandom(file, state.data<byte>().ToArray());
    }

    /// <summary>A value as JSON.</summary>
    public void JsonFile<T>(string file, T value) => File.WriteAllText(PathOf(file), JsonSerializer.Serialize(value, Json));

    /// <summary>
    /// The search's plain state in <see cref="StateFile"/>, with what wrote it (<paramref name="kind"/>) and the
    /// caller's <paramref name="fingerprint"/> of its settings, which <see cref="CheckpointReader.State{T}"/> checks.
    /// </summary>
    public void State<T>(string kind, string fingerprint, T state) =>
        JsonFile(StateFile, new CheckpointEnvelope<T>(CheckpointEnvelope<T>.CurrentFormat, kind, fingerprint, state));
}
