namespace Nas.Torch.Enas;

/// <summary>
/// Settings of an ENAS search (<see cref="EnasTrainer"/>) beyond the shared weights' SGD recipe and the controller's.
/// </summary>
/// <param name="Channels">C of the shared graph (ENAS micro search: 20, macro: 36).</param>
/// <param name="NormalCells">enas-cell: N normal cells per stage, 3N + 2 cells in all (ENAS's micro search child: 2).</param>
/// <param name="SharedSteps">Shared-weight steps per epoch, one fresh child per minibatch; null for one pass over the training split (ENAS).</param>
/// <param name="ControllerSteps">Controller updates per epoch, one child and one validation minibatch each (ENAS micro: 30, macro: 50).</param>
/// <param name="ValidationBatchSize">Examples of the validation minibatch a reward is measured on.</param>
/// <param name="FinalSamples">K: children sampled at the end, each scored on the same validation minibatch; the best is kept.</param>
public sealed record EnasSearchOptions(
    int Channels = 20,
    int NormalCells = 2,
    int? SharedSteps = null,
    int ControllerSteps = 30,
    int ValidationBatchSize = 128,
    int FinalSamples = 10)
{
    /// <summary>Checks the settings; throws <see cref="NasUserException"/> naming the bad one.</summary>
    public EnasSearchOptions Validated()
    {
        if (Channels < 2) throw new NasUserException($"enas: channels must be at least 2, got {Channels}");
        if (NormalCells < 1) throw new NasUserException($"enas: normal cells per stage must be at least 1, got {NormalCells}");
        if (SharedSteps is < 1) throw new NasUserException($"enas: shared steps must be positive, got {SharedSteps}");
        if (ControllerSteps < 1) throw new NasUserException($"enas: controller steps must be positive, got {ControllerSteps}");
        if (ValidationBatchSize < 1) throw new NasUserException($"enas: validation batch size must be positive, got {ValidationBatchSize}");
        if (FinalSamples < 1) throw new NasUserException($"enas: final samples must be positive, got {FinalSamples}");
        return this;
    }
}
