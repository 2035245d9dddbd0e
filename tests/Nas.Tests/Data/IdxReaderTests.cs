using Nas.Torch.Data;
using TorchSharp;

namespace Nas.Tests.Data;

public class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsImagesAndLabelsExactly(bool gzip)
    {
        using var dir = new TempDirectory();
        var images = TestFiles.IdxImages(5, 4, 3);
        var labels = TestFiles.IdxLabels(5);
        File.WriteAllBytes(dir.File("i"), gzip ? TestFiles.Gzip(images) : images);
        File.WriteAllBytes(dir.File("l"), gzip ? TestFiles.Gzip(labels) : labels);

        var read = IdxReader.ReadImages(dir.File("i"));
        Assert.Equal((5, 4, 3), (read.Count, read.Rows, read.Columns));
        Assert.Equal(images[16..], read.Pixels);
        Assert.Equal(labels[8..], IdxReader.ReadLabels(dir.File("l")));
    }

    [Fact]
    public void LoadBuildsOneChannelDatasetScaledToUnit()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("i.gz"), TestFiles.Gzip(TestFiles.IdxImages(6, 4, 3)));
        File.WriteAllBytes(dir.File("l"), TestFiles.IdxLabels(6));

        using var data = IdxReader.Load(dir.File("i.gz"), dir.File("l"), "toy");
        Assert.Equal(new long[] { 6, 1, 4, 3 }, data.Images.shape);
        Assert.Equal(torch.ScalarType.Float32, data.Images.dtype);
        Assert.Equal(torch.ScalarType.Int64, data.Labels.dtype);
        Assert.Equal(TestFiles.Pixel(5, 3, 2) / 255f, data.Images[5, 0, 3, 2].item<float>(), 6);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, data.Labels.data<long>().ToArray());
        Assert.Equal(10, data.Classes);
    }

    [Fact]
    public void BadMagicNamesFileAndMagic()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("labels-as-images"), TestFiles.IdxLabels(3));
        var e = Assert.Throws<NasUserException>(() => IdxReader.ReadImages(dir.File("labels-as-images")));
        Assert.Contains(dir.File("labels-as-images"), e.Message);
        Assert.Contains("not an IDX image file: magic 0x00000801 (expected 0x00000803)", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedImagesSayWhatIsMissing(bool gzip)
    {
        using var dir = new TempDirectory();
        var bytes = TestFiles.IdxImages(10, 28, 28)[..(16 + 1234)];
        File.WriteAllBytes(dir.File("short"), gzip ? TestFiles.Gzip(bytes) : bytes);
        var e = Assert.Throws<NasUserException>(() => IdxReader.ReadImages(dir.File("short")));
        Assert.Equal($"{dir.File("short")}: truncated: header says 10 images of 28x28 = 7840 bytes, found 1234", e.Message);
    }

    [Fact]
    public void TruncatedLabelsAndHeadersAreReported()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("l"), TestFiles.IdxLabels(10)[..12]);
        File.WriteAllBytes(dir.File("h"), TestFiles.IdxImages(1, 2, 2)[..10]);
        Assert.Contains("truncated: header says 10 labels", Assert.Throws<NasUserException>(() => IdxReader.ReadLabels(dir.File("l"))).Message);
        Assert.Contains($"{dir.File("h")}: truncated", Assert.Throws<NasUserException>(() => IdxReader.ReadImages(dir.File("h"))).Message);
    }

    [Fact]
    public void CorruptGzipNamesFile()
    {
        using var dir = new TempDirectory();
        var gz = TestFiles.Gzip(TestFiles.IdxImages(50, 8, 8));
        for (int i = 10; i < gz.Length - 8; i++) gz[i] ^= 0x5a; // scramble the deflate stream
        File.WriteAllBytes(dir.File("bad.gz"), gz);
        var e = Assert.Throws<NasUserException>(() => IdxReader.ReadImages(dir.File("bad.gz")));
        Assert.StartsWith(dir.File("bad.gz") + ":", e.Message);
    }

    [Fact]
    public void CutGzipFileNamesFile()
    {
        using var dir = new TempDirectory();
        var gz = TestFiles.Gzip(TestFiles.IdxImages(50, 8, 8));
        File.WriteAllBytes(dir.File("cut.gz"), gz[..(gz.Length / 2)]);
        var e = Assert.Throws<NasUserException>(() => IdxReader.ReadImages(dir.File("cut.gz")));
        Assert.StartsWith(dir.File("cut.gz") + ":", e.Message);
    }

    [Fact]
    public void CountMismatchNamesBothFiles()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("i"), TestFiles.IdxImages(4, 2, 2));
        File.WriteAllBytes(dir.File("l"), TestFiles.IdxLabels(5));
        var e = Assert.Throws<NasUserException>(() => IdxReader.Load(dir.File("i"), dir.File("l"), "toy"));
        Assert.Equal($"{dir.File("i")} holds 4 images but {dir.File("l")} holds 5 labels", e.Message);
    }

    [Fact]
    public void LabelOutOfRangeNamesFileAndIndex()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("i"), TestFiles.IdxImages(3, 2, 2));
        File.WriteAllBytes(dir.File("l"), TestFiles.Idx(0x801, [3], [1, 10, 2]));
        var e = Assert.Throws<NasUserException>(() => IdxReader.Load(dir.File("i"), dir.File("l"), "toy"));
        Assert.Equal($"{dir.File("l")}: label 10 at index 1 is out of range (expected 0..9)", e.Message);
    }

    [Fact]
    public void MissingFileIsUserError()
    {
        var e = Assert.Throws<NasUserException>(() => IdxReader.ReadImages("/nonexistent/train-images-idx3-ubyte"));
        Assert.Contains("/nonexistent/train-images-idx3-ubyte", e.Message);
    }
}
