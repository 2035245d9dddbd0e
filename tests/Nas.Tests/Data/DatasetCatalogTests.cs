using Nas.Torch.Data;

namespace Nas.Tests.Data;

public class DatasetCatalogTests
{
    [Fact]
    public void NamesListsTheKnownDatasets() =>
        Assert.Equal(new[] { "fashion-mnist", "mnist", "cifar10" }, DatasetCatalog.Names);

    [Fact]
    public void UnknownNameListsKnownOnes()
    {
        var e = Assert.Throws<NasUserException>(() => DatasetCatalog.Load("imagenet", null));
        Assert.Equal("unknown dataset 'imagenet' (known: fashion-mnist, mnist, cifar10)", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadsIdxSetFromDataDir(bool gzip)
    {
        using var dir = new TempDirectory();
        TestFiles.WriteMnistSet(dir.Path, trainCount: 7, testCount: 3, gzip);
        using var data = DatasetCatalog.Load("MNIST", dir.Path);
        Assert.Equal((7, 3), (data.Train.Count, data.Test.Count));
        Assert.Equal(new long[] { 7, 1, 28, 28 }, data.Train.Images.shape);
        Assert.Equal("mnist/train", data.Train.Name);
    }

    [Fact]
    public void CifarIsFoundInTheUnpackedArchiveFolder()
    {
        using var dir = new TempDirectory();
        var inner = Directory.CreateDirectory(Path.Combine(dir.Path, "cifar-10-batches-bin")).FullName;
        foreach (var file in Cifar10Reader.AllFiles) File.WriteAllBytes(Path.Combine(inner, file), TestFiles.CifarRecords(1));
        using var data = DatasetCatalog.Load("cifar10", dir.Path);
        Assert.Equal((5, 1), (data.Train.Count, data.Test.Count));
    }

    [Fact]
    public void MissingFilesAreListedWithHowToGetThem()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("train-images-idx3-ubyte.gz"), TestFiles.Gzip(TestFiles.IdxImages(1, 28, 28)));
        var e = Assert.Throws<NasUserException>(() => DatasetCatalog.Load("fashion-mnist", dir.Path));
        Assert.StartsWith($"Fashion-MNIST not found in {dir.Path}: missing train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz), t10k-labels-idx1-ubyte(.gz)", e.Message);
        Assert.Contains("--data-dir", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void MissingDirectoryIsNamed()
    {
        var e = Assert.Throws<NasUserException>(() => DatasetCatalog.Load("cifar10", "/nonexistent/cifar"));
        Assert.Equal("data directory /nonexistent/cifar does not exist", e.Message);
    }

    [Fact]
    public void A_data_file_that_is_a_directory_is_called_a_directory_not_missing()
    {
        using var dir = new TempDirectory();
        TestFiles.WriteMnistSet(dir.Path, 4, 2, gzip: false);
        File.Delete(dir.File("t10k-labels-idx1-ubyte"));
        Directory.CreateDirectory(dir.File("t10k-labels-idx1-ubyte"));
        var e = Assert.Throws<NasUserException>(() => DatasetCatalog.Load("mnist", dir.Path));
        Assert.Equal($"{dir.File("t10k-labels-idx1-ubyte")} is a directory, not a data file", e.Message);
        var file = Assert.Throws<NasUserException>(() => DatasetCatalog.Load("mnist", dir.File("train-images-idx3-ubyte")));
        Assert.Contains("is a file, not a directory", file.Message);
    }

    [Fact]
    public void DatasetsWithoutDefaultNeedDataDir()
    {
        Assert.StartsWith("mnist needs --data-dir DIR", Assert.Throws<NasUserException>(() => DatasetCatalog.Load("mnist", null)).Message);
        var cifar = Assert.Throws<NasUserException>(() => DatasetCatalog.Load("cifar10", null)).Message;
        Assert.StartsWith("cifar10 needs --data-dir DIR holding data_batch_1.bin", cifar);
        Assert.Contains("test_batch.bin", cifar);
    }

    [Fact]
    public void CifarMissingFilesAreListed()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("data_batch_1.bin"), TestFiles.CifarRecords(1));
        var e = Assert.Throws<NasUserException>(() => DatasetCatalog.Load("cifar10", dir.Path));
        Assert.StartsWith($"CIFAR-10 not found in {dir.Path}: missing data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin", e.Message);
    }

    [Fact]
    public void DefaultFashionMnistLoadsOrSaysHowToInstall()
    {
        if (DatasetCatalog.IsDefaultFashionMnistPresent())
        {
            using var data = DatasetCatalog.Load("fashion-mnist", null);
            Assert.Equal(new long[] { 60000, 1, 28, 28 }, data.Train.Images.shape);
            Assert.Equal(10000, data.Test.Count);
            Assert.InRange(data.Train.Images.max().item<float>(), 0.99f, 1f);
        }
        else
        {
            var e = Assert.Throws<NasUserException>(() => DatasetCatalog.Load("fashion-mnist", null));
            Assert.StartsWith("Fashion-MNIST not found in /usr/share/datasets/fashion-mnist: install it with `sudo apt-get install dataset-fashion-mnist`, or pass --data-dir DIR holding train-images-idx3-ubyte.gz", e.Message);
        }
    }
}
