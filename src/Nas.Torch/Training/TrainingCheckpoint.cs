using Nas.Evaluation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// A training run's state after each epoch, in a directory, so that a long `nas train` survives being stopped:
/// the weights, the optimiser's momentum, the weight average when the recipe keeps one, both random generators
/// (shuffling is fixed by the epoch number), the epochs so far and a fingerprint of the run's settings. Resuming from it gives the same weights as never
/// stopping. Each save is written beside the last and swapped in (<see cref="CheckpointDirectory"/>), so a kill
/// mid-save leaves the previous one.
/// </summary>
public sealed class TrainingCheckpoint
{
    private const string StateFile = "state.json";
    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string AugmentationFile = "augmentation.rng";
    private const string GlobalRandomFile = "global.rng";
    private const string AverageFile = "ema.bin";
    private readonly CheckpointDirectory _directory;

    /// <param name="directory">Where the checkpoint lives (created on the first save).</param>
    /// <param name="fingerprint">The run's settings as text: a checkpoint of other settings is refused.</param>
    public TrainingCheckpoint(string directory, string fingerprint)
    {
        _directory = new CheckpointDirectory(directory);
        Fingerprint = fingerprint;
    }

    /// <summary>The checkpoint's directory, absolute.</summary>
    public string Directory => _directory.Path;

    /// <summary>The run's settings as text.</summary>
    public string Fingerprint { get; }

    /// <summary>Whether a checkpoint (or the one before an interrupted swap) is there.</summary>
    public bool Exists => _directory.Exists;

    /// <summary>The epochs completed by the saved run.</summary>
    public int SavedEpochs => _directory.Source is { } source ? Read(new CheckpointReader(source)).Epochs.Length : 0;

    internal void Save(nn.Module model, OneShot.MomentumSgd optimizer, WeightAverage? average, Generator augmentation, IReadOnlyList<EpochMetrics> epochs, double planned) =>
        _directory.Save(path =>
        {
            var writer = new CheckpointWriter(path);
            writer.Module(ModelFile, model);
            writer.Binary(OptimizerFile, optimizer.SaveState);
            if (average is not null) writer.Binary(AverageFile, average.Save);
            writer.Generator(AugmentationFile, augmentation);
            writer.GlobalRandom(GlobalRandomFile);
            writer.JsonFile(StateFile, new State(Fingerprint, epochs.ToArray(), planned));
        });

    /// <summary>
    /// Restores everything into freshly built objects; returns the epochs already done. A run with a weight average
    /// needs the checkpoint's (one written without is refused, naming the missing file). Also returns the epochs the run
    /// had in all when it was saved (null in checkpoints written before runs could be re-planned).
    /// </summary>
    internal (IReadOnlyList<EpochMetrics> Done, double? Planned) Restore(nn.Module model, OneShot.MomentumSgd optimizer, WeightAverage? average, Generator augmentation)
    {
        var source = _directory.Source ?? throw new NasUserException($"{Directory}: no checkpoint to resume from");
        var reader = new CheckpointReader(source);
        var state = Read(reader);
        reader.Require(average is null ? [ModelFile, OptimizerFile, AugmentationFile, GlobalRandomFile] : [ModelFile, OptimizerFile, AverageFile, AugmentationFile, GlobalRandomFile]);
        var augmentationState = reader.GeneratorState(AugmentationFile, augmentation);
        var global = reader.GlobalRandom(GlobalRandomFile);
        reader.Module(ModelFile, model);
        reader.Binary(OptimizerFile, optimizer.LoadState);
        if (average is not null) reader.Binary(AverageFile, average.Load);
        CheckpointReader.Apply(augmentation, augmentationState);
        using (var g = tensor(global)) torch.set_rng_state(g);
        return (state.Epochs, state.Planned);
    }

    /// <summary>Removes the checkpoint (the run finished and wrote its results).</summary>
    public void Delete() => _directory.Delete();

    private State Read(CheckpointReader reader)
    {
        var state = reader.JsonFile<State>(StateFile);
        if (state.Fingerprint != Fingerprint)
            throw new NasUserException($"{reader.PathOf(StateFile)}: the checkpoint was written with other settings; resume with the same settings, or start afresh in another directory");
        if (state.Epochs is null) throw reader.Damaged(StateFile, "no epochs");
        return state;
    }

    private sealed record State(string Fingerprint, EpochMetrics[] Epochs, double? Planned = null);
}
