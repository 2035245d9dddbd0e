using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>Turns the raw bytes the readers parse into the tensors of an <see cref="ImageDataset"/>.</summary>
internal static class ByteTensors
{
    // Held for the process: a temporary Scalar may be freed by the GC while libtorch reads it.
    private static readonly Scalar MaxByte = 255f.ToScalar();

    /// <summary>uint8 pixels laid out as <paramref name="shape"/> [N, C, H, W], as float32 scaled to [0, 1].</summary>
    public static Tensor Images(byte[] pixels, long[] shape)
    {
        using var scope = NewDisposeScope();
        // frombuffer wraps the array without copying; the float conversion is the only copy.
        var bytes = frombuffer(pixels, ScalarType.Byte).view(shape);
        return bytes.to_type(ScalarType.Float32).div_(MaxByte).MoveToOuterDisposeScope();
    }

    /// <summary>uint8 labels as an int64 [N] tensor.</summary>
    public static Tensor Labels(byte[] labels)
    {
        using var scope = NewDisposeScope();
        var bytes = frombuffer(labels, ScalarType.Byte);
        return bytes.to_type(ScalarType.Int64).MoveToOuterDisposeScope();
    }

    /// <summary>The index and value of the first label outside 0..classes-1, or null when all are in range.</summary>
    public static (int Index, int Value)? FirstOutOfRange(byte[] labels, int classes)
    {
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= classes) return (i, labels[i]);
        return null;
    }
}
