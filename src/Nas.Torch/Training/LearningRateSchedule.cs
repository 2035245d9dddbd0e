namespace Nas.Torch.Training;

/// <summary>The shape of the learning rate over a training run (<see cref="TrainingSchedule"/> computes it).</summary>
public enum LearningRateSchedule
{
    /// <summary>Cosine annealing from the peak rate to the minimum: per epoch without a warm-up (torch's <c>CosineAnnealingLR</c>), per step after one.</summary>
    Cosine,
    /// <summary>
    /// One cycle (Smith and Topin's super-convergence): a linear warm-up to the peak rate, then a linear fall to the
    /// minimum, per step.
    /// </summary>
    OneCycle,
}
