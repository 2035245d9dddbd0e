using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// Reads back what <see cref="CheckpointWriter"/> wrote, checking as it goes: a missing file, one of the wrong
/// size, one whose tensors do not fit the object read into, or a random state of the wrong length is a
/// <see cref="NasUserException"/> naming the file, never a native abort. A damaged tensor file can fail
/// part-way through loading, so callers restore into objects they discard when a restore fails.
/// </summary>
internal sealed class CheckpointReader
{
    public CheckpointReader(string directory) => Directory = directory;

    /// <summary>The directory read from.</summary>
    public string Directory { get; }

    /// <summary>The full path of a file of the checkpoint.</summary>
    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>Throws <see cref="NasUserException"/> naming the first of <paramref name="files"/> that is missing.</summary>
    public void Require(IEnumerable<string> files)
    {
        foreach (var file in files)
            if (!File.Exists(PathOf(file))) throw new NasUserException($"{PathOf(file)}: missing from the checkpoint");
    }

    /// <summary>The error for a file whose content makes no sense: <paramref name="what"/>, after the file's path.</summary>
    public NasUserException Damaged(string file, string what) => new($"{PathOf(file)}: the checkpoint is damaged or from another search: {what}");

    /// <summary>
    /// The plain state in <see cref="CheckpointWriter.StateFile"/>, after checking that a search of
    /// <paramref name="kind"/> with <paramref name="fingerprint"/> wrote it.
    /// </summary>
    public T State<T>(string kind, string fingerprint) where T : class
    {
        string path = PathOf(CheckpointWriter.StateFile);
        var envelope = JsonFile<CheckpointEnvelope<T>>(CheckpointWriter.StateFile);
        if (envelope.Format != CheckpointEnvelope<T>.CurrentFormat)
            throw new NasUserException($"{path}: a checkpoint in format '{envelope.Format}'; this version reads '{CheckpointEnvelope<T>.CurrentFormat}'");
        if (envelope.Kind != kind)
            throw new NasUserException($"{path}: the checkpoint of a {envelope.Kind} search, not of a {kind} search");
        if (envelope.Fingerprint != fingerprint)
            throw new NasUserException($"{path}: the checkpoint was written with other settings; resume with the same settings, or start afresh elsewhere");
        return envelope.State ?? throw new NasUserException($"{path}: the checkpoint holds no state");
    }

    /// <summary>A JSON file as <typeparamref name="T"/>.</summary>
    public T JsonFile<T>(string file) where T : class
    {
        string path = PathOf(file);
        var bytes = Bytes(file);
        T? value;
        try { value = JsonSerializer.Deserialize<T>(bytes, CheckpointWriter.Json); }
        catch (JsonException e) { throw new NasUserException($"{path}: the checkpoint cannot be read ({e.Message})", e); }
        return value ?? throw new NasUserException($"{path}: the checkpoint is empty");
    }

    /// <summary>Loads a module's parameters and buffers; the file must hold exactly the module's state dict.</summary>
    public void Module(string file, nn.Module module) => Read(file, reader =>
    {
        using var noGrad = no_grad();
        module.load(reader, strict: true);
    });

    /// <summary>
    /// Loads a TorchSharp optimiser's state dict. State tensors the load creates (SGD's momentum buffers of
    /// parameters that had none) are detached from any dispose scope: the optimiser owns them, as it owns those it makes.
    /// </summary>
    public void Optimizer(string file, OptimizerHelper optimizer)
    {
        Read(file, optimizer.load_state_dict);
        foreach (var state in optimizer.state_dict().State)
        {
            switch (state)
            {
                case SGD.State sgd:
                    sgd.momentum_buffer?.DetachFromDisposeScope();
                    break;
                case Adam.State adam:
                    adam.exp_avg?.DetachFromDisposeScope();
                    adam.exp_avg_sq?.DetachFromDisposeScope();
                    adam.max_exp_avg_sq?.DetachFromDisposeScope();
                    break;
            }
        }
    }

    /// <summary>Loads tensors written by <see cref="CheckpointWriter.Tensors"/> into <paramref name="into"/>, in place; counts, types and shapes must match.</summary>
    public void Tensors(string file, IReadOnlyList<Tensor> into) => Read(file, reader =>
    {
        int count = reader.ReadInt32();
        if (count != into.Count) throw new InvalidDataException($"{count} tensors where {into.Count} were expected");
        using var noGrad = no_grad();
        foreach (var t in into) TensorExtensionMethods.Load(t, reader);
    });

    /// <summary>Gives the parameters flagged by <see cref="CheckpointWriter.GradientMask"/> a zero gradient and the others none.</summary>
    public void GradientMask(string file, IReadOnlyList<Parameter> parameters)
    {
        var present = new bool[parameters.Count];
        Read(file, reader =>
        {
            int count = reader.ReadInt32();
            if (count != parameters.Count) throw new InvalidDataException($"gradient flags for {count} parameters, not {parameters.Count}");
            for (int i = 0; i < count; i++) present[i] = reader.ReadBoolean();
        });
        using var noGrad = no_grad();
        for (int i = 0; i < parameters.Count; i++)
        {
            using var zero = present[i] ? zeros_like(parameters[i]) : null;
            parameters[i].grad = zero;
        }
    }

    /// <summary>Reads a file with <paramref name="read"/>, which must consume it exactly.</summary>
    public void Binary(string file, Action<BinaryReader> read) => Read(file, read);

    /// <summary>A state of torch's global generator, checked to have the length the generator takes.</summary>
    public byte[] GlobalRandom(string file)
    {
        using var current = torch.get_rng_state();
        return RandomState(file, current.NumberOfElements);
    }

    /// <summary>A state for <paramref name="generator"/>, checked to have the length it takes (apply it with <see cref="Apply"/>).</summary>
    public byte[] GeneratorState(string file, Generator generator)
    {
        using var current = generator.get_state();
        return RandomState(file, current.NumberOfElements);
    }

    /// <summary>Sets a generator's state read by <see cref="GeneratorState"/>.</summary>
    public static void Apply(Generator generator, byte[] state)
    {
        using var t = tensor(state);
        generator.set_state(t);
    }

    private byte[] RandomState(string file, long length)
    {
        // libtorch aborts the process on a state of the wrong size, or on an invalid one, so both are checked here.
        var bytes = Bytes(file);
        if (bytes.Length != length)
            throw new NasUserException($"{PathOf(file)}: a random generator state of {bytes.Length} bytes where {length} were expected; the checkpoint is damaged");
        if (MersenneTwisterFault(bytes) is { } fault)
            throw new NasUserException($"{PathOf(file)}: {fault}; the checkpoint is damaged");
        return bytes;
    }

    // libtorch's CPU generator state (CPUGeneratorImplState, 5056 bytes) begins with the legacy THGeneratorState:
    // seed (8 bytes), left (int32 at 8), seeded (int32 at 12), next (uint64 at 16), the 624-word state. set_state
    // aborts the process (an uncaught c10::Error, "Invalid mt19937 state") unless seeded, 0 < left <= 624 and
    // next <= 624, so those are checked first.
    private const int CpuGeneratorStateLength = 5056;
    private const int MersenneStateWords = 624;

    private static string? MersenneTwisterFault(byte[] state)
    {
        if (state.Length != CpuGeneratorStateLength) return null;
        int left = BitConverter.ToInt32(state, 8);
        int seeded = BitConverter.ToInt32(state, 12);
        uint next = (uint)BitConverter.ToUInt64(state, 16);
        return seeded != 0 && left > 0 && left <= MersenneStateWords && next <= MersenneStateWords ? null : "not a valid Mersenne Twister state";
    }

    private byte[] Bytes(string file)
    {
        string path = PathOf(file);
        if (!File.Exists(path)) throw new NasUserException($"{path}: missing from the checkpoint");
        try { return File.ReadAllBytes(path); }
        catch (IOException e) { throw new NasUserException($"{path}: cannot be read ({e.Message})", e); }
    }

    private void Read(string file, Action<BinaryReader> read)
    {
        string path = PathOf(file);
        using var stream = new MemoryStream(Bytes(file), writable: false);
        using var reader = new BinaryReader(stream);
        try { read(reader); }
        catch (Exception e) when (e is not NasUserException and not OutOfMemoryException)
        {
            // TorchSharp's readers report a short file, a wrong type or shape, or garbage in many ways
            // (EndOfStreamException, ArgumentException, InvalidDataException, a libtorch error): all mean the same here.
            // libtorch's messages run on with a native backtrace: the first line says what is wrong.
            throw new NasUserException($"{path}: damaged, or written by another search ({e.Message.Split('\n', 2)[0].Trim()})", e);
        }
        if (stream.Position != stream.Length)
            throw new NasUserException($"{path}: {stream.Length - stream.Position} bytes beyond what the search holds; damaged, or written by another search");
    }
}
