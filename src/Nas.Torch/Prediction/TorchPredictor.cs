using Nas.Torch.Data;
using Nas.Torch.Final;
using Nas.Torch.Networks;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Torch.Prediction;

/// <summary>A finished training's network run by TorchSharp, from its directory's weights.</summary>
public sealed class TorchPredictor : IPredictor
{
    private readonly TrainedModel _model;
    private readonly string _directory;

    /// <summary>Loads the training in <paramref name="directory"/> (<see cref="TrainedModel.Load"/>).</summary>
    /// <param name="directory">The directory of a <c>nas train</c> or <c>nas auto</c> run.</param>
    public TorchPredictor(string directory)
    {
        _model = TrainedModel.Load(directory);
        _directory = directory;
        ClassNames = DatasetCatalog.ClassNames(_model.Dataset, _model.Input.Classes);
    }

    /// <inheritdoc/>
    public InputShape Input => _model.Input;

    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames { get; }

    /// <inheritdoc/>
    public string Description => $"TorchSharp, {Path.Combine(_directory, FinalOutput.Model)}";

    /// <inheritdoc/>
    public float[] Probabilities(float[] pixels, int count)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var images = tensor(pixels, [count, Input.Channels, Input.Height, Input.Width]);
        var normalized = _model.Normalization.Apply(images);
        var probabilities = _model.TestTimeFlip ? Trainer.FlipAveragedProbabilities(_model.Network, normalized) : nn.functional.softmax(_model.Network.call(normalized), 1);
        return probabilities.contiguous().data<float>().ToArray();
    }

    /// <summary>Frees the network.</summary>
    public void Dispose() => _model.Dispose();
}
