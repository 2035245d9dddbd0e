namespace Nas.Torch.Prediction;

/// <summary>One image to classify, as the model takes it: float32 pixels in [0, 1], [C, H, W] row-major.</summary>
/// <param name="Name">Where it came from: a file, or a file and the record's index (<c>t10k-images-idx3-ubyte#17</c>).</param>
/// <param name="Pixels">The pixels.</param>
public sealed record PredictionInput(string Name, float[] Pixels);
