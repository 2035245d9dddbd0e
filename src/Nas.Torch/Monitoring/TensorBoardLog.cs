using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Monitoring;

/// <summary>
/// Scalars for TensorBoard (TorchSharp's <c>SummaryWriter</c>: event files in <see cref="Directory"/>, which
/// <c>tensorboard --logdir DIR</c> reads): a training's epochs (<see cref="Progress"/>) and a search's trials and
/// epochs (<see cref="Observe"/>). Figures that are not finite are left out.
/// </summary>
public sealed class TensorBoardLog
{
    private readonly SummaryWriter _writer;
    private readonly object _gate = new();

    /// <summary>Writes into <paramref name="directory"/> (created when missing).</summary>
    /// <param name="directory">The log directory.</param>
    public TensorBoardLog(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        try { System.IO.Directory.CreateDirectory(directory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new NasUserException($"{directory}: cannot write TensorBoard logs there ({e.Message})", e); }
        Directory = directory;
        _writer = utils.tensorboard.SummaryWriter(directory);
    }

    /// <summary>The log directory.</summary>
    public string Directory { get; }

    /// <summary>One value of the series <paramref name="tag"/> at <paramref name="step"/> (thread-safe; skipped when not finite).</summary>
    /// <param name="tag">The series, e.g. <c>train/loss</c>.</param>
    /// <param name="value">The value.</param>
    /// <param name="step">The step (epoch, trial).</param>
    public void Scalar(string tag, double value, int step)
    {
        if (!double.IsFinite(value)) return;
        lock (_gate) _writer.add_scalar(tag, (float)value, step);
    }

    /// <summary>
    /// A training's progress that also logs each finished epoch under <paramref name="prefix"/>: loss, accuracy,
    /// validation loss and accuracy (where measured), seconds and images per second.
    /// </summary>
    /// <param name="prefix">The series' prefix, e.g. <c>train</c>.</param>
    /// <param name="inner">Progress that still hears every report, or null.</param>
    public IProgress<Nas.Evaluation.TrainingProgress> Progress(string prefix, IProgress<Nas.Evaluation.TrainingProgress>? inner = null) =>
        new TensorBoardProgress(this, prefix, inner);

    /// <summary>
    /// A search observer that also logs every finished trial (its validation accuracy and the best so far, by trial
    /// number) and every search epoch's figures (<c>KIND/FIGURE</c> by epoch), passing everything on to <paramref name="inner"/>.
    /// </summary>
    /// <param name="inner">The observer that shows the search, or null.</param>
    public Nas.Search.ISearchObserver Observe(Nas.Search.ISearchObserver? inner) => new TensorBoardObserver(this, inner);
}
