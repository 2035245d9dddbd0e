using Nas.Architectures;

namespace Nas.Torch.Evaluation;

/// <summary>A trained trial's weights as plain arrays, for <see cref="WeightInheritance"/>.</summary>
/// <param name="Architecture">The trial's architecture.</param>
/// <param name="Score">Its validation score.</param>
/// <param name="Tensors">Every floating-point parameter and buffer by name: its shape and values.</param>
public sealed record TrainedWeights(Architecture Architecture, double Score, IReadOnlyDictionary<string, (long[] Shape, float[] Values)> Tensors);
