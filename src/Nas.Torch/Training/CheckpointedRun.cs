using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// A search that trains one network epoch by epoch and can be saved after any epoch and resumed from there in a
/// new process with exactly the results of an unbroken run. This class holds what every such search does the
/// same way: the epochs done so far, the search's own copy of torch's global generator, the files every
/// checkpoint has, and the rule that an epoch or a restore that stops part-way leaves the search unusable
/// (its network is then half-updated, so only a new one restored from the last checkpoint is trustworthy).
/// Not thread-safe: one call at a time.
/// </summary>
/// <typeparam name="TEpoch">What one epoch ends with, as plain numbers.</typeparam>
/// <remarks>
/// Public because the searches deriving from it are (C# refuses a public class an internal base); its
/// constructor and every member a search fills in are visible inside this library only.
/// </remarks>
public abstract class CheckpointedRun<TEpoch> : IDisposable
{
    private const string GlobalRandomFile = "global.rng";
    private const string GradientsFile = "gradients.bin";

    private readonly string _noun;
    private readonly List<TEpoch> _completed = new();
    private bool _damaged;
    private bool _disposed;

    /// <param name="noun">What the search is called in its errors ("runner", "trainer").</param>
    private protected CheckpointedRun(string noun) => _noun = noun;

    /// <summary>The epochs done so far, restored ones included, in order.</summary>
    public IReadOnlyList<TEpoch> Completed => _completed;

    /// <summary>Whether every epoch the search's settings ask for is done.</summary>
    public bool Finished => _completed.Count >= Epochs;

    /// <summary>
    /// The search's own copy of torch's global generator: the derived class makes it at the end of its
    /// constructor, once the network's initial weights are drawn, so the stream starts where they left it.
    /// </summary>
    private protected GlobalRandomStream RandomStream { get; init; } = null!;

    /// <summary>The epochs the search's settings ask for.</summary>
    private protected abstract int Epochs { get; }

    /// <summary>
    /// Whether <see cref="Epochs"/> is a limit: an epoch past it is refused, and so is a checkpoint holding
    /// more. A search that is not limited leaves it to its caller when to stop.
    /// </summary>
    private protected virtual bool Limited => true;

    /// <summary>The parameters the search's optimisers step. They skip one without a gradient, so which have one is state.</summary>
    private protected abstract IReadOnlyList<Parameter> SteppedParameters();

    /// <summary>The files <see cref="Write"/> writes besides the state file, so a restore can check they are all there before it loads any.</summary>
    private protected abstract IEnumerable<string> Files { get; }

    /// <summary>Writes the state file (the search's kind, the <paramref name="fingerprint"/>, the epochs and its other plain state) and the search's own files.</summary>
    private protected abstract void Write(CheckpointWriter writer, string fingerprint);

    /// <summary>
    /// Reads and checks the state file (a checkpoint of another kind or <paramref name="fingerprint"/> is refused):
    /// returns the saved epochs (see <see cref="ReadEpochs{TJson}"/>) and how to load the search's own files, which
    /// runs only once every file is known to be there and the random state to be sound.
    /// </summary>
    private protected abstract (IReadOnlyList<TEpoch> Epochs, Action Load) Read(CheckpointReader reader, string fingerprint);

    /// <summary>Frees the network, the optimisers' state and whatever else the search holds.</summary>
    private protected abstract void Free();

    /// <summary>
    /// Runs the next epoch (<paramref name="epoch"/> gets the number of epochs done, so 0 first) with the search's
    /// own random stream swapped in, and appends its record.
    /// </summary>
    private protected TEpoch RunNext(Func<int, TEpoch> epoch)
    {
        ThrowIfUnusable();
        if (Limited && Finished) throw new InvalidOperationException($"the search has run all its {Epochs} epochs");
        _damaged = true; // until the epoch is whole
        TEpoch record;
        using (RandomStream.Enter()) record = epoch(_completed.Count);
        _completed.Add(record);
        _damaged = false;
        return record;
    }

    /// <summary>
    /// Saves the search as it stands between epochs into <paramref name="directory"/>, replacing the checkpoint
    /// there whole (written beside it, then swapped in: a kill mid-save leaves the previous one): every module's
    /// weights and buffers, every optimiser's state, which parameters have a gradient, every generator's state and
    /// the epochs so far.
    /// </summary>
    /// <param name="directory">The checkpoint's directory.</param>
    /// <param name="fingerprint">The caller's text for the search's settings; <see cref="TryRestore"/> refuses a checkpoint with another.</param>
    public void Save(string directory, string fingerprint)
    {
        ThrowIfUnusable();
        ArgumentNullException.ThrowIfNull(fingerprint);
        using var scope = NewDisposeScope();
        new CheckpointDirectory(directory).Save(path =>
        {
            var writer = new CheckpointWriter(path);
            Write(writer, fingerprint);
            writer.GlobalRandom(GlobalRandomFile, RandomStream.State);
            writer.GradientMask(GradientsFile, SteppedParameters());
        });
    }

    /// <summary>
    /// Restores the checkpoint in <paramref name="directory"/> into this search, which must not have run an
    /// epoch: afterwards <see cref="Completed"/> holds the saved epochs and the next epoch continues exactly as
    /// the saved search would have. Returns false when there is no checkpoint there. Throws
    /// <see cref="NasUserException"/> naming the file when the checkpoint was written by another kind of search
    /// or with another <paramref name="fingerprint"/>, or is damaged; a damaged tensor file found part-way
    /// through leaves the search unusable.
    /// </summary>
    /// <param name="directory">The checkpoint's directory.</param>
    /// <param name="fingerprint">The search's configuration; the checkpoint must have been saved with the same.</param>
    public bool TryRestore(string directory, string fingerprint)
    {
        ThrowIfUnusable();
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (_completed.Count > 0) throw new InvalidOperationException($"a checkpoint is restored into a {_noun} that has not run an epoch");
        if (new CheckpointDirectory(directory).Source is not { } source) return false;
        var reader = new CheckpointReader(source);
        var (epochs, load) = Read(reader, fingerprint);
        reader.Require(Files.Concat(new[] { GlobalRandomFile, GradientsFile }));
        // Checked before any tensor is loaded: libtorch aborts the process on a bad state.
        var global = reader.GlobalRandom(GlobalRandomFile);

        _damaged = true; // until every tensor is in
        using (var scope = NewDisposeScope())
        {
            load();
            reader.GradientMask(GradientsFile, SteppedParameters());
        }
        RandomStream.State = global;
        _completed.AddRange(epochs);
        _damaged = false;
        return true;
    }

    /// <summary>
    /// The epochs of a state file, each read by <paramref name="read"/>: all there, numbered 1, 2, … in order,
    /// and (when <see cref="Limited"/>) no more than <see cref="Epochs"/>; anything else is a damaged checkpoint.
    /// </summary>
    private protected TEpoch[] ReadEpochs<TJson>(CheckpointReader reader, TJson[]? saved, Func<TJson, TEpoch> read, Func<TEpoch, int> number)
    {
        if (saved is null) throw reader.Damaged(CheckpointWriter.StateFile, "no epochs");
        if (Limited && saved.Length > Epochs)
            throw reader.Damaged(CheckpointWriter.StateFile, $"{saved.Length} epochs done, more than the {Epochs} of this search");
        var epochs = new TEpoch[saved.Length];
        for (int i = 0; i < epochs.Length; i++)
        {
            try { epochs[i] = read(saved[i]); }
            catch (NasUserException e) { throw reader.Damaged(CheckpointWriter.StateFile, e.Message); }
            if (number(epochs[i]) != i + 1) throw reader.Damaged(CheckpointWriter.StateFile, $"epoch {number(epochs[i])} in place {i + 1}");
        }
        return epochs;
    }

    /// <summary>Throws when the search is disposed, or when an epoch or a restore stopped part-way.</summary>
    private protected void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_damaged) throw new InvalidOperationException($"an epoch or a restore of this search stopped part-way; build a new {_noun} and restore the last checkpoint");
    }

    /// <summary>Frees the network, the optimisers' state and whatever else the search holds.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Free();
    }
}
