using Nas.Torch.Data;
using Nas.Torch.Networks;
using SkiaSharp;

namespace Nas.Torch.Prediction;

/// <summary>
/// Reads images to classify from files and folders: PNG, JPEG, BMP, GIF and WebP images (SkiaSharp; converted to the
/// model's channels, grey as luminance, and resized to its height and width), IDX image files (MNIST's format, gzip or
/// raw) and CIFAR-10 binary batches, each record an input. A folder gives its image files, in name order.
/// </summary>
public static class PredictionInputs
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    /// <summary>The inputs of <paramref name="paths"/>, in the model's shape; unreadable or wrong-shaped files are a <see cref="NasUserException"/> naming them.</summary>
    /// <param name="paths">Files and folders.</param>
    /// <param name="shape">The model's input shape.</param>
    public static IReadOnlyList<PredictionInput> Load(IEnumerable<string> paths, InputShape shape)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(shape);
        var inputs = new List<PredictionInput>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path).Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0) throw new NasUserException($"{path}: no image files ({string.Join(", ", ImageExtensions)}) in this folder");
                inputs.AddRange(files.Select(f => Image(f, shape)));
            }
            else if (!File.Exists(path)) throw new NasUserException($"{path}: no such file or folder");
            else if (ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant())) inputs.Add(Image(path, shape));
            else if (Path.GetFileName(path).Contains("idx3", StringComparison.OrdinalIgnoreCase)) inputs.AddRange(Idx(path, shape));
            else if (Path.GetExtension(path).Equals(".bin", StringComparison.OrdinalIgnoreCase)) inputs.AddRange(Cifar(path, shape));
            else throw new NasUserException($"{path}: not an image ({string.Join(", ", ImageExtensions)}), an IDX image file (*idx3*) or a CIFAR-10 batch (*.bin)");
        }
        return inputs;
    }

    private static PredictionInput Image(string path, InputShape shape)
    {
        using var decoded = SKBitmap.Decode(path) ?? throw new NasUserException($"{path}: not an image SkiaSharp can decode");
        using var rgba = new SKBitmap(new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (!decoded.ScalePixels(rgba, new SKSamplingOptions(SKFilterMode.Linear))) throw new NasUserException($"{path}: could not be resized to {shape.Width}x{shape.Height}");
        var bytes = rgba.GetPixelSpan();
        int plane = shape.Height * shape.Width;
        var pixels = new float[shape.Channels * plane];
        for (int p = 0; p < plane; p++)
        {
            float r = bytes[4 * p] / 255f, g = bytes[4 * p + 1] / 255f, b = bytes[4 * p + 2] / 255f;
            if (shape.Channels == 1) pixels[p] = 0.299f * r + 0.587f * g + 0.114f * b;
            else if (shape.Channels == 3) (pixels[p], pixels[plane + p], pixels[2 * plane + p]) = (r, g, b);
            else throw new NasUserException($"{path}: the model takes {shape.Channels} channels; images are read as grey (1) or colour (3)");
        }
        return new PredictionInput(path, pixels);
    }

    private static IEnumerable<PredictionInput> Idx(string path, InputShape shape)
    {
        var images = IdxReader.ReadImages(path);
        if (shape.Channels != 1 || images.Rows != shape.Height || images.Columns != shape.Width)
            throw new NasUserException($"{path}: {images.Rows}x{images.Columns} grey images; the model takes {shape.Channels}x{shape.Height}x{shape.Width}");
        int size = images.Rows * images.Columns;
        for (int i = 0; i < images.Count; i++)
            yield return new PredictionInput($"{path}#{i}", Scaled(images.Pixels.AsSpan(i * size, size)));
    }

    private static IEnumerable<PredictionInput> Cifar(string path, InputShape shape)
    {
        if (shape.Channels != Cifar10Reader.Channels || shape.Height != Cifar10Reader.Side || shape.Width != Cifar10Reader.Side)
            throw new NasUserException($"{path}: CIFAR-10 records are 3x32x32; the model takes {shape.Channels}x{shape.Height}x{shape.Width}");
        var bytes = DataFile.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % Cifar10Reader.RecordSize != 0)
            throw new NasUserException($"{path}: {bytes.Length} bytes is not a whole number of CIFAR-10 records ({Cifar10Reader.RecordSize} bytes each)");
        for (int i = 0; i < bytes.Length / Cifar10Reader.RecordSize; i++)
            yield return new PredictionInput($"{path}#{i}", Scaled(bytes.AsSpan(i * Cifar10Reader.RecordSize + 1, Cifar10Reader.ImageBytes)));
    }

    // Bytes as pixels in [0, 1], as the data sets' readers scale them.
    private static float[] Scaled(ReadOnlySpan<byte> bytes)
    {
        var pixels = new float[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) pixels[i] = bytes[i] / 255f;
        return pixels;
    }
}
