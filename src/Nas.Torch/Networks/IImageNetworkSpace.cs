using Nas.Architectures;
using static TorchSharp.torch;

namespace Nas.Torch.Networks;

/// <summary>
/// A kind of space (<see cref="Nas.Spaces.SpaceKind"/>) that builds its own image classifiers: registering the kind in
/// the space catalog is all a new image space needs for searches, training and inspection.
/// </summary>
public interface IImageNetworkSpace
{
    /// <summary>The classifier of <paramref name="architecture"/> for inputs of the given shape, at the size <paramref name="options"/> asks.</summary>
    /// <param name="architecture">An architecture of this space.</param>
    /// <param name="input">The images' shape and the number of classes.</param>
    /// <param name="options">How big to build it, for networks whose size is not in the architecture.</param>
    nn.Module<Tensor, Tensor> Build(Architecture architecture, InputShape input, NetworkOptions options);
}
