using System.Buffers.Binary;

namespace Nas.Torch.Data;

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST: a big-endian header (magic, then one int32 per
/// dimension) followed by uint8 data. Files may be gzip-compressed or raw. Every problem with a
/// file is a <see cref="NasUserException"/> whose message starts with the file's path.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic of an image file: uint8 data, 3 dimensions (N, H, W).</summary>
    public const int ImageMagic = 0x00000803;

    /// <summary>Magic of a label file: uint8 data, 1 dimension (N).</summary>
    public const int LabelMagic = 0x00000801;

    /// <summary>Reads an image file (magic 0x00000803).</summary>
    /// <param name="path">The file (gzip or raw).</param>
    public static IdxImages ReadImages(string path)
    {
        var bytes = DataFile.ReadAllBytes(path);
        CheckMagic(path, bytes, ImageMagic, "image");
        if (bytes.Length < 16) throw new NasUserException($"{path}: truncated: the image header needs 16 bytes, found {bytes.Length}");
        int count = Dimension(path, bytes, 0), rows = Dimension(path, bytes, 1), columns = Dimension(path, bytes, 2);
        long expected = (long)count * rows * columns;
        CheckSize(path, bytes.Length - 16L, expected, $"{count} images of {rows}x{columns}");
        return new IdxImages(count, rows, columns, bytes.AsSpan(16).ToArray());
    }

    /// <summary>Reads a label file (magic 0x00000801): one byte per example.</summary>
    /// <param name="path">The file (gzip or raw).</param>
    public static byte[] ReadLabels(string path)
    {
        var bytes = DataFile.ReadAllBytes(path);
        CheckMagic(path, bytes, LabelMagic, "label");
        if (bytes.Length < 8) throw new NasUserException($"{path}: truncated: the label header needs 8 bytes, found {bytes.Length}");
        int count = Dimension(path, bytes, 0);
        CheckSize(path, bytes.Length - 8L, count, $"{count} labels");
        return bytes.AsSpan(8).ToArray();
    }

    /// <summary>
    /// Reads an image file and its label file into a one-channel dataset with pixels scaled to [0, 1].
    /// The counts must agree and every label must be below <paramref name="classes"/>.
    /// </summary>
    /// <param name="imagesPath">The image file.</param>
    /// <param name="labelsPath">The label file.</param>
    /// <param name="name">The dataset's name.</param>
    /// <param name="classes">The number of classes.</param>
    public static ImageDataset Load(string imagesPath, string labelsPath, string name, int classes = 10)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != images.Count)
            throw new NasUserException($"{imagesPath} holds {images.Count} images but {labelsPath} holds {labels.Length} labels");
        if (ByteTensors.FirstOutOfRange(labels, classes) is var (index, value))
            throw new NasUserException($"{labelsPath}: label {value} at index {index} is out of range (expected 0..{classes - 1})");
        return new ImageDataset(name,
            ByteTensors.Images(images.Pixels, [images.Count, 1, images.Rows, images.Columns]),
            ByteTensors.Labels(labels),
            classes);
    }

    private static void CheckMagic(string path, byte[] bytes, int expected, string kind)
    {
        if (bytes.Length < 4) throw new NasUserException($"{path}: not an IDX {kind} file: {bytes.Length} bytes, too short for a header");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic == expected) return;
        // Swapped arguments are the likeliest mistake; say so.
        string hint = magic switch
        {
            ImageMagic => " (this is an image file)",
            LabelMagic => " (this is a label file)",
            _ => "",
        };
        throw new NasUserException($"{path}: not an IDX {kind} file: magic 0x{magic:X8} (expected 0x{expected:X8}){hint}");
    }

    private static int Dimension(string path, byte[] bytes, int index)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * index));
        if (value <= 0) throw new NasUserException($"{path}: bad IDX header: dimension {index} is {value}");
        return value;
    }

    private static void CheckSize(string path, long found, long expected, string what)
    {
        if (found < expected)
            throw new NasUserException($"{path}: truncated: header says {what} = {expected} bytes, found {found}");
        if (found > expected)
            throw new NasUserException($"{path}: {found - expected} bytes of trailing data after the {what} = {expected} bytes the header announces");
    }
}
