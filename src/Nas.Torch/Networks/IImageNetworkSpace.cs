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
    nn.Module<Tensor, Tensor> Build(Architecture architecture, InputShape input, NetworkOptions options);
}
