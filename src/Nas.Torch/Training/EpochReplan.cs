using Nas.Evaluation;

namespace Nas.Torch.Training;

/// <summary>
/// Asked by <see cref="Trainer"/> after every epoch: how many epochs the run has in all, given those done and the
/// current plan. A time-budgeted run answers from its own measured epochs. A fraction makes the last epoch a part
/// of one (4.5: four epochs, then half the batches of a fifth), so a budget is used to its end. The schedule follows
/// the new total from the next epoch on, so a change after the first epoch of a per-epoch cosine is exact (that
/// epoch trains at the peak whatever the total); later changes bend the schedule. Answers below the epochs done end
/// the run now.
/// </summary>
/// <param name="done">The epochs done so far, the one just finished last.</param>
/// <param name="planned">The epochs the run has in all now.</param>
public delegate double EpochReplan(IReadOnlyList<EpochMetrics> done, double planned);
