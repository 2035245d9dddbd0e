namespace Nas.Torch.Training;

/// <summary>Mean loss and accuracy of a network on a dataset.</summary>
public sealed record EvaluationResult(double Loss, double Accuracy, int Count);
