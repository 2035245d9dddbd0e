using Nas.Spaces;

namespace Nas.Search;

/// <summary>What a search is about to do, for displays and logs.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="Space">The space searched.</param>
/// <param name="Data">The data, in words ("400 training / 100 validation examples of fashion-mnist").</param>
/// <param name="Plan">How it will search, in words ("1 epoch per child", "supernet C=16, 8 cells, 3 epochs").</param>
/// <param name="Store">Where the experiment is kept.</param>
/// <param name="Resumed">What a resumed search found, or null for a new one.</param>
/// <param name="Details">The plan's stages, one line each, for searches whose plan does not fit in a few words; null for none.</param>
public sealed record SearchStart(string Method, SearchSpace Space, string Data, string Plan, string Store, SearchResumed? Resumed, IReadOnlyList<string>? Details = null);
