using System.Buffers.Binary;
using System.IO.Compression;

namespace Nas.Torch.Data;

/// <summary>
/// Reads a whole data file into memory, gunzipping it when it starts with the gzip magic (1f 8b),
/// so readers accept both the downloaded <c>.gz</c> files and unpacked ones.
/// </summary>
internal static class DataFile
{
    // Sanity bound for the gzip size hint: a corrupt trailer must not make us allocate gigabytes up front.
    private const int MaxCapacityHint = 1 << 30;

    /// <summary>The file's (decompressed) bytes; I/O and gzip errors become <see cref="NasUserException"/>.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NasUserException($"{path}: cannot read: {e.Message}", e);
        }
        return IsGzip(raw) ? Gunzip(path, raw) : raw;
    }

    private static bool IsGzip(byte[] bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    private static byte[] Gunzip(string path, byte[] compressed)
    {
        // The last 4 bytes hold the uncompressed size (mod 2^32): a hint that saves the MemoryStream regrowing.
        int hint = compressed.Length >= 18 ? (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(compressed.AsSpan(^4)), MaxCapacityHint) : 0;
        using var output = new MemoryStream(hint);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            gzip.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            throw new NasUserException($"{path}: corrupt gzip data: {e.Message}", e);
        }
        return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
    }
}
