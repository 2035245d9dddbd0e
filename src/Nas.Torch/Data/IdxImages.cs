namespace Nas.Torch.Data;

/// <summary>The images of an IDX file: <paramref name="Count"/> images of <paramref name="Rows"/> x
/// <paramref name="Columns"/> uint8 pixels, row-major, one image after another.</summary>
/// <param name="Count">The number of images.</param>
/// <param name="Rows">Image height in pixels.</param>
/// <param name="Columns">Image width in pixels.</param>
/// <param name="Pixels">Count · Rows · Columns bytes.</param>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels);
