using static TorchSharp.torch;

namespace Nas.Tests.Data;

/// <summary>Exact tensor comparison (TorchSharp's <c>Tensor.equal</c> is element-wise).</summary>
internal static class Tensors
{
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }
}
