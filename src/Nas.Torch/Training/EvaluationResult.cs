namespace Nas.Torch.Training;

/// <summary>Mean loss and accuracy of a network on a dataset.</summary>
/// <param name="Loss">Mean cross-entropy per example.</param>
/// <param name="Accuracy">Fraction classified right, in [0, 1].</param>
/// <param name="Count">Examples measured.</param>
public sealed record EvaluationResult(double Loss, double Accuracy, int Count);
