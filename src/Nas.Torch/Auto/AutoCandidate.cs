using Nas.Architectures;

namespace Nas.Torch.Auto;

/// <summary>A sampled architecture as screening saw it, before any training.</summary>
/// <param name="Index">Its number in the screening, from 0 (the space's reference member, when it has one, is 0).</param>
/// <param name="Architecture">The architecture.</param>
/// <param name="Parameters">Its network's parameters.</param>
/// <param name="MultiplyAdds">Multiply-adds per image.</param>
/// <param name="Score">The screening score; higher ranks first.</param>
/// <param name="ImagesPerSecond">Its estimated training speed, from the probe and its multiply-adds.</param>
public sealed record AutoCandidate(int Index, Architecture Architecture, long Parameters, long MultiplyAdds, double Score, double ImagesPerSecond);
