namespace Nas.Torch.OneShot;

/// <summary>The differentiable search methods of <see cref="OneShotRunner"/>.</summary>
public enum OneShotMethod
{
    /// <summary>DARTS, first-order alpha gradient.</summary>
    Darts,
    /// <summary>DARTS, second-order (unrolled) alpha gradient.</summary>
    DartsSecondOrder,
    /// <summary>SNAS: Gumbel-softmax samples, single-level updates, optional resource penalty.</summary>
    Snas,
}
