using Nas.Torch.Data;
using static TorchSharp.torch;

namespace Nas.Tests.Data;

public class AugmentationTests
{
    /// <summary>Strictly positive, all-distinct pixels, so zeros and moved pixels are recognisable.</summary>
    private static Tensor Batch(long b = 16, long c = 3, long h = 8, long w = 10) =>
        arange(1, b * c * h * w + 1, ScalarType.Float32).view(b, c, h, w);

    [Theory]
    [InlineData("crop:2")]
    [InlineData("flip")]
    [InlineData("cutout:4")]
    [InlineData("crop:4,flip,cutout:16")]
    public void KeepsShapeAndIsDeterministicForASeed(string spec)
    {
        using var scope = NewDisposeScope();
        var augmentation = Augmentation.Parse(spec);
        var batch = Batch();
        var a = augmentation.Apply(batch, new Generator(11));
        var b = augmentation.Apply(batch, new Generator(11));
        var c = augmentation.Apply(batch, new Generator(12));
        Assert.Equal(batch.shape, a.shape);
        Assert.True(Tensors.Same(a, b));
        Assert.False(Tensors.Same(a, c));
        Assert.True(Tensors.Same(batch, Batch()), "the input is left alone");
    }

    [Fact]
    public void FlipMirrorsOrKeepsEachImage()
    {
        using var scope = NewDisposeScope();
        var batch = Batch(b: 64);
        var flipped = new Augmentation(HorizontalFlip: true).Apply(batch, new Generator(3));
        int mirrored = 0;
        for (int i = 0; i < 64; i++)
        {
            if (Tensors.Same(flipped[i], batch[i].flip(2))) mirrored++;
            else Assert.True(Tensors.Same(flipped[i], batch[i]));
        }
        Assert.InRange(mirrored, 16, 48);
    }

    [Fact]
    public void CutoutZerosOneClippedSquarePerImage()
    {
        using var scope = NewDisposeScope();
        const int length = 4;
        var batch = Batch(b: 32, h: 9, w: 9);
        var cut = new Augmentation(CutoutLength: length).Apply(batch, new Generator(4));
        bool clipped = false;
        for (int i = 0; i < 32; i++)
        {
            var zero = cut[i].eq(0);
            Assert.True(Tensors.Same(zero[0], zero[1]) && Tensors.Same(zero[0], zero[2]), "same square in every channel");
            var rows = zero[0].any(1).nonzero().view(-1).data<long>().ToArray();
            var columns = zero[0].any(0).nonzero().view(-1).data<long>().ToArray();
            Assert.InRange(rows.Length, length / 2, length);
            Assert.InRange(columns.Length, length / 2, length);
            clipped |= rows.Length < length || columns.Length < length;
            // Exactly the rectangle rows x columns is zero; everything else is untouched.
            Assert.Equal(rows.Length * columns.Length, zero[0].sum().item<long>());
            Assert.True(Tensors.Same(cut[i].masked_fill(zero, 0), batch[i].masked_fill(zero, 0)));
        }
        Assert.True(clipped, "some squares reach a border");
    }

    [Fact]
    public void CropShiftsEachImageWithZeroPadding()
    {
        using var scope = NewDisposeScope();
        const int padding = 2;
        var batch = Batch(b: 24, c: 2, h: 6, w: 7);
        var cropped = new Augmentation(CropPadding: padding).Apply(batch, new Generator(9));
        var padded = nn.functional.pad(batch, [padding, padding, padding, padding]);
        var shifts = new HashSet<(int, int)>();
        for (int i = 0; i < 24; i++)
        {
            var match = from dy in Enumerable.Range(0, 2 * padding + 1)
                        from dx in Enumerable.Range(0, 2 * padding + 1)
                        where Tensors.Same(cropped[i], padded[i, .., dy..(dy + 6), dx..(dx + 7)])
                        select (dy, dx);
            shifts.Add(Assert.Single(match));
        }
        Assert.True(shifts.Count > 5, "offsets vary between images");
    }

    [Fact]
    public void ParseAndToStringRoundTrip()
    {
        Assert.Equal(new Augmentation(4, true, 16), Augmentation.Parse("crop, flip, cutout"));
        Assert.Equal(new Augmentation(3, false, 8), Augmentation.Parse("crop:3,cutout:8"));
        Assert.Equal(Augmentation.Cifar(cutout: true), Augmentation.Parse(Augmentation.Cifar(true).ToString()));
        Assert.True(Augmentation.Parse("none").IsNone);
        Assert.Equal("none", Augmentation.None.ToString());
        Assert.Throws<NasUserException>(() => Augmentation.Parse("rotate"));
        Assert.Throws<NasUserException>(() => Augmentation.Parse("crop:-1"));
    }
}
