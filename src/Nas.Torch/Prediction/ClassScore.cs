namespace Nas.Torch.Prediction;

/// <summary>A class and the model's probability for it.</summary>
/// <param name="Class">The class's index.</param>
/// <param name="Name">The class's name (the index as text where the data set names none).</param>
/// <param name="Probability">The softmax probability.</param>
public sealed record ClassScore(int Class, string Name, double Probability);
