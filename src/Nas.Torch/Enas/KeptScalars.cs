using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Enas;

/// <summary>
/// Scalars that live as long as the process. <c>a + b</c> on tensors makes a fresh <c>Scalar</c> for the
/// alpha of <c>add</c>, which nothing references once its handle is passed to libtorch: a garbage collection
/// during the call can finalize it and free the native scalar under libtorch's feet (seen once in a real
/// ENAS run as "Expected false to be true" from <c>Scalar::toFloat</c>). The shared graphs' adds pass this one.
/// </summary>
internal static class KeptScalars
{
    /// <summary>1, the alpha of a plain sum.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary><c>a + b</c> through a kept alpha.</summary>
    public static Tensor Sum(Tensor a, Tensor b) => a.add(b, One);
}
