namespace Nas.Torch.Prediction;

/// <summary>The most probable classes of one input, most probable first.</summary>
/// <param name="Input">The input's name (<see cref="PredictionInput.Name"/>).</param>
/// <param name="Top">The top classes.</param>
public sealed record Prediction(string Input, IReadOnlyList<ClassScore> Top);
