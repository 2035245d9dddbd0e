using Nas.Torch.Data;

namespace Nas.Tests.Data;

public class Cifar10ReaderTests
{
    [Fact]
    public void ReadsChannelMajorRecordsAcrossFiles()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.bin"), TestFiles.CifarRecords(3));
        File.WriteAllBytes(dir.File("b.bin"), TestFiles.CifarRecords(2, firstIndex: 3));

        using var data = Cifar10Reader.Read([dir.File("a.bin"), dir.File("b.bin")], "toy");
        Assert.Equal(new long[] { 5, 3, 32, 32 }, data.Images.shape);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, data.Labels.data<long>().ToArray());
        foreach (var (i, ch, r, c) in new[] { (0, 0, 0, 0), (4, 2, 31, 5), (3, 1, 7, 30) })
            Assert.Equal(TestFiles.CifarPixel(i, ch, r, c) / 255f, data.Images[i, ch, r, c].item<float>(), 6);
    }

    [Fact]
    public void LoadsTrainAndTestFromDirectory()
    {
        using var dir = new TempDirectory();
        foreach (var file in Cifar10Reader.TrainFiles) File.WriteAllBytes(dir.File(file), TestFiles.CifarRecords(2));
        File.WriteAllBytes(dir.File(Cifar10Reader.TestFile), TestFiles.CifarRecords(3));

        using var data = Cifar10Reader.Load(dir.Path);
        Assert.Equal(10, data.Train.Count);
        Assert.Equal(3, data.Test.Count);
    }

    [Fact]
    public void TruncatedFileNamesFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("short.bin"), TestFiles.CifarRecords(2)[..5000]);
        var e = Assert.Throws<NasUserException>(() => Cifar10Reader.Read([dir.File("short.bin")], "toy"));
        Assert.Equal($"{dir.File("short.bin")}: 5000 bytes is not a whole number of 3073-byte CIFAR-10 records (1 label + 3x32x32 pixels)", e.Message);
    }

    [Fact]
    public void LabelAboveNineNamesFileAndRecord()
    {
        using var dir = new TempDirectory();
        var bytes = TestFiles.CifarRecords(2);
        bytes[3073] = 12;
        File.WriteAllBytes(dir.File("bad.bin"), bytes);
        var e = Assert.Throws<NasUserException>(() => Cifar10Reader.Read([dir.File("bad.bin")], "toy"));
        Assert.Equal($"{dir.File("bad.bin")}: record 1 has label 12 (CIFAR-10 labels are 0..9)", e.Message);
    }

    [Fact]
    public void MissingFileNamesFile()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<NasUserException>(() => Cifar10Reader.Load(dir.Path));
        Assert.Contains(dir.File("data_batch_1.bin"), e.Message);
    }
}
