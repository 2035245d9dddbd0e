using Nas.Torch.Networks;

namespace Nas.Torch.Prediction;

/// <summary>A trained classifier that gives class probabilities for images (<see cref="Predictor.Open"/>).</summary>
public interface IPredictor : IDisposable
{
    /// <summary>What the model takes: one image's shape, and its classes.</summary>
    InputShape Input { get; }

    /// <summary>The class names, by index.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>What runs the model (TorchSharp or ONNX Runtime, with the file).</summary>
    string Description { get; }

    /// <summary>Class probabilities of <paramref name="count"/> images: [count, classes] row-major.</summary>
    /// <param name="pixels">The images: count × C × H × W float32 pixels in [0, 1].</param>
    /// <param name="count">How many.</param>
    float[] Probabilities(float[] pixels, int count);
}
