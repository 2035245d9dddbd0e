using static TorchSharp.torch;

namespace Nas.Torch.Proxies;

/// <summary>
/// A training-free score of a freshly initialised network: a guess, made in well under a second, at how well the
/// network would train. Higher is better. Scoring leaves the network as it found it (weights, batch-norm statistics,
/// gradients, training mode) and is deterministic for the same network and inputs. A proxy holds no state and may score
/// different networks on several threads at once, but one network only on one thread at a time (it is changed meanwhile).
/// </summary>
public interface IZeroCostProxy
{
    /// <summary>The name <see cref="ProxyCatalog"/> knows it by (lower case).</summary>
    string Name { get; }

    /// <summary>One line: what it measures and where it comes from.</summary>
    string Description { get; }

    /// <summary>The score of <paramref name="model"/>; higher is better.</summary>
    /// <param name="model">The network, usually as built (untrained), on the device of <paramref name="images"/>.</param>
    /// <param name="images">One minibatch [N, C, H, W] of normalised training images (proxies that need no data use only its shape).</param>
    /// <param name="labels">Their classes [N] (proxies that need no labels ignore them).</param>
    double Score(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels);
}
