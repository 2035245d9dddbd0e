using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

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

    // Throws on invalid bytes instead of replacing them with U+FFFD, so a binary file is caught.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The file's (decompressed) text. A file that is not UTF-8 text (invalid UTF-8, or a NUL byte, which no text
    /// file holds and every binary one does) is refused, naming it.
    /// </summary>
    public static string ReadText(string path)
    {
        var bytes = ReadAllBytes(path);
        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0) throw new NasUserException($"{path} is not a text file (a NUL byte at offset {nul})");
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new NasUserException($"{path} is not a text file (invalid UTF-8{(e.Index >= 0 ? $" at offset {e.Index}" : "")})");
        }
    }

    /// <summary>Refuses a path that names a directory where a data file is expected (it would read as missing).</summary>
    public static void NotADirectory(string path, string what)
    {
        if (Directory.Exists(path)) throw new NasUserException($"{path} is a directory, not {what}");
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
