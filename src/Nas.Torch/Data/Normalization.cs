using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>
/// Per-channel mean and standard deviation, computed once from the training split and then applied to
/// every split (and, recorded with a final model, to its future inputs): x' = (x - mean) / std.
/// A plain record of arrays, so it serialises to JSON as is.
/// </summary>
/// <param name="Mean">Each channel's mean.</param>
/// <param name="Std">Each channel's standard deviation.</param>
public sealed record Normalization([property: JsonPropertyName("mean")] float[] Mean, [property: JsonPropertyName("std")] float[] Std)
{
    // A constant channel has std 0; dividing by 1 instead leaves it centred rather than NaN.
    private const float MinStd = 1e-6f;

    /// <summary>The number of channels it normalises.</summary>
    [JsonIgnore]
    public int Channels => Mean.Length;

    /// <summary>The population mean and std of each channel of <paramref name="data"/>.</summary>
    /// <param name="data">The training split.</param>
    public static Normalization Compute(ImageDataset data)
    {
        if (data.Count == 0) throw new NasUserException($"cannot compute normalisation statistics of the empty dataset {data.Name}");
        using var scope = NewDisposeScope();
        long[] dims = [0, 2, 3];
        var mean = data.Images.mean(dims).to_type(ScalarType.Float32).data<float>().ToArray();
        var std = data.Images.std(dims, unbiased: false).to_type(ScalarType.Float32).data<float>().ToArray();
        for (int c = 0; c < std.Length; c++)
            if (std[c] < MinStd) std[c] = 1f;
        return new Normalization(mean, std);
    }

    /// <summary>Normalises the images of <paramref name="data"/> in place (no copy: datasets can be large).</summary>
    /// <param name="data">A dataset with as many channels.</param>
    public void ApplyInPlace(ImageDataset data)
    {
        using var scope = NewDisposeScope();
        var (mean, std) = Shaped(data.Images);
        data.Images.sub_(mean).div_(std);
    }

    /// <summary>A normalised copy of an image batch [B, C, H, W] (for inference on new inputs).</summary>
    /// <param name="images">Images [B, C, H, W], pixels in [0, 1].</param>
    public Tensor Apply(Tensor images)
    {
        using var scope = NewDisposeScope();
        var (mean, std) = Shaped(images);
        return images.sub(mean).div_(std).MoveToOuterDisposeScope();
    }

    private (Tensor Mean, Tensor Std) Shaped(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != Channels)
            throw new NasUserException($"the normalisation has {Channels} channels but the images are [{string.Join(", ", images.shape)}]");
        var mean = tensor(Mean).view(1, Channels, 1, 1).to(images.device);
        var std = tensor(Std).view(1, Channels, 1, 1).to(images.device);
        return (mean, std);
    }
}
