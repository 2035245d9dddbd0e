using System.Globalization;
using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>
/// Training-time augmentation of a batch [B, C, H, W], applied in the order random crop, horizontal
/// flip, cutout, each drawing its randomness from the generator passed in (so a seeded generator
/// gives the same batches). <paramref name="CropPadding"/> 0 and <paramref name="CutoutLength"/> 0 turn
/// those off. Padding and cutout write zeros: on normalised batches that is the channel mean.
/// </summary>
/// <param name="CropPadding">Zero padding before a random crop back to the input size; 0: off.</param>
/// <param name="HorizontalFlip">Flip each image horizontally with probability 1/2.</param>
/// <param name="CutoutLength">Side of a random zeroed square; 0: off.</param>
public sealed record Augmentation(int CropPadding = 0, bool HorizontalFlip = false, int CutoutLength = 0)
{
    /// <summary>No augmentation.</summary>
    public static Augmentation None { get; } = new();

    /// <summary>The DARTS CIFAR-10 recipe: 4-pixel padded crop and flip (search), cutout 16 (final training).</summary>
    /// <param name="cutout">Add cutout 16, as DARTS's final training.</param>
    public static Augmentation Cifar(bool cutout) => new(4, true, cutout ? 16 : 0);

    /// <summary>True when nothing is enabled: <see cref="Apply"/> then returns the batch itself.</summary>
    public bool IsNone => CropPadding == 0 && !HorizontalFlip && CutoutLength == 0;

    /// <summary>
    /// The augmented batch, a new tensor in the caller's dispose scope (the input is left alone; with
    /// nothing enabled the result is an alias of it). The random numbers come from
    /// <paramref name="generator"/>, a CPU generator, and move to the batch's device.
    /// </summary>
    /// <param name="batch">Images [B, C, H, W].</param>
    /// <param name="generator">The CPU generator of the random crops, flips and cutouts.</param>
    public Tensor Apply(Tensor batch, Generator generator)
    {
        if (batch.dim() != 4) throw new ArgumentException("the batch must be [B, C, H, W]", nameof(batch));
        using var scope = NewDisposeScope();
        var result = batch.alias();
        if (CropPadding > 0) result = RandomCrop.Apply(result, CropPadding, generator);
        if (HorizontalFlip) result = RandomFlip.Apply(result, generator);
        if (CutoutLength > 0) result = Cutout.Apply(result, CutoutLength, generator);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Parses a comma-separated list as the CLI takes it: <c>none</c>, <c>crop</c> or <c>crop:P</c> (default 4),
    /// <c>flip</c>, <c>cutout</c> or <c>cutout:L</c> (default 16). <see cref="ToString"/> writes the same form.
    /// </summary>
    /// <param name="text">The list, e.g. <c>crop,flip,cutout:8</c>.</param>
    public static Augmentation Parse(string text)
    {
        var result = None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, argument) = part.IndexOf(':') is var colon and >= 0 ? (part[..colon], part[(colon + 1)..]) : (part, null);
            result = name.ToLowerInvariant() switch
            {
                "none" when argument is null => result,
                "flip" when argument is null => result with { HorizontalFlip = true },
                "crop" => result with { CropPadding = Size(part, argument, 4) },
                "cutout" => result with { CutoutLength = Size(part, argument, 16) },
                _ => throw new NasUserException($"unknown augmentation '{part}' (known: none, crop[:PADDING], flip, cutout[:LENGTH])"),
            };
        }
        return result;
    }

    private static int Size(string part, string? argument, int fallback)
    {
        if (argument is null) return fallback;
        if (int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0) return value;
        throw new NasUserException($"augmentation '{part}': '{argument}' is not a positive whole number");
    }

    /// <summary>The <see cref="Parse"/> form, e.g. <c>crop:4,flip,cutout:16</c> or <c>none</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (CropPadding > 0) parts.Add($"crop:{CropPadding}");
        if (HorizontalFlip) parts.Add("flip");
        if (CutoutLength > 0) parts.Add($"cutout:{CutoutLength}");
        return parts.Count == 0 ? "none" : string.Join(",", parts);
    }
}
