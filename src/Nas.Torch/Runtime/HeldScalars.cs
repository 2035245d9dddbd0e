using TorchSharp;

namespace Nas.Torch.Runtime;

/// <summary>
/// Constant Scalars held for the process. TorchSharp reads a Scalar only for its handle, so one made for a single
/// call can be finalized by the GC while libtorch still reads it; these never are. For a value known only at run
/// time, hold the Scalar in a field or a <c>using</c> variable instead (the NAS0001 analyzer checks).
/// </summary>
internal static class HeldScalars
{
    /// <summary>1, the alpha of <c>a.add(b, One)</c> (what <c>a + b</c> means) and the 1 of <c>1 - x</c>.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>-1, the alpha of <c>a.add(b, MinusOne)</c> (what <c>a - b</c> means).</summary>
    public static readonly Scalar MinusOne = (-1).ToScalar();

    /// <summary>0, for fills and clamps at zero.</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>0.0 as a double, where the original code filled with a double zero.</summary>
    public static readonly Scalar ZeroDouble = 0.0.ToScalar();

    /// <summary><c>1 - t</c> as TorchSharp computes it (<c>-t + 1</c>), with held Scalars.</summary>
    public static torch.Tensor OneMinus(torch.Tensor t) => t.neg().add(One, One);
}
