namespace Nas.Torch.Auto;

/// <summary>One fidelity of the successive halving: how many candidates train on how many images for how many epochs.</summary>
/// <param name="Subset">Training images each candidate sees per epoch (the first of the search's shuffled training split).</param>
/// <param name="Epochs">Epochs each candidate trains.</param>
/// <param name="Candidates">Candidates planned at this rung.</param>
public sealed record AutoRung(int Subset, int Epochs, int Candidates)
{
    /// <summary>Images one candidate trains on at this rung.</summary>
    public long Images => (long)Subset * Epochs;
}
