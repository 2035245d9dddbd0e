namespace Nas.Torch.Data;

/// <summary>The images of an IDX file: <paramref name="Count"/> images of <paramref name="Rows"/> x
/// <paramref name="Columns"/> uint8 pixels, row-major, one image after another.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels);
