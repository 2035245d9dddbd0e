namespace Nas.Store;

/// <summary>
/// One entry of an experiment's search log: what a strategy did at one step, apart from trials (a
/// controller update, a DARTS or ENAS epoch). <see cref="Json"/> is a flat JSON object whose fields
/// depend on <see cref="Kind"/>; <c>nas show</c> lists them as columns.
/// </summary>
/// <param name="Kind">What logged it, for example <c>controller</c>, <c>darts</c>, <c>enas</c>.</param>
/// <param name="Step">The step number within its kind (1-based: update, epoch).</param>
/// <param name="Json">The step's figures as a JSON object.</param>
/// <param name="RecordedAt">When it was written.</param>
public sealed record SearchStep(string Kind, long Step, string Json, DateTimeOffset RecordedAt);
