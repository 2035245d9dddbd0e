namespace Nas.Search;

/// <summary>What a resumed search found in its store.</summary>
/// <param name="Trials">Trials so far (multi-trial searches).</param>
/// <param name="Told">Trials whose results the strategy has had.</param>
/// <param name="Waiting">Trials waiting to be trained.</param>
/// <param name="TakenBack">Running trials of dead local workers put back in the queue.</param>
/// <param name="StateRestored">Whether the strategy's (or the supernet's) saved state was restored.</param>
/// <param name="Epochs">Epochs already done (searches that train one network).</param>
public sealed record SearchResumed(int Trials, int Told, int Waiting, int TakenBack, bool StateRestored, int Epochs);
