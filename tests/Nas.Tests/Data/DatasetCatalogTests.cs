using Nas.Search;
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
        var e = Assert.Throws<SettingException>(() => DatasetCatalog.Load("imagenet", null));
        Assert.Equal("data.dataset", e.Path);
        Assert.Equal("must be one of fashion-mnist, mnist, cifar10, got 'imagenet'", e.Problem);
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
        Assert.Contains("the directory must hold train-images-idx3-ubyte.gz", e.Message);
        Assert.DoesNotContain("--", e.Message);
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
        Assert.Equal($"{dir.File("train-images-idx3-ubyte")} is a file, not a data directory", file.Message);
    }

    [Fact]
    public void DatasetsWithoutDefaultNeedDataDir()
    {
        var mnist = Assert.Throws<SettingException>(() => DatasetCatalog.Load("mnist", null));
        Assert.Equal("data.directory", mnist.Path);
        Assert.StartsWith("is needed for mnist: a directory holding the MNIST files", mnist.Problem);
        var cifar = Assert.Throws<SettingException>(() => DatasetCatalog.Load("cifar10", null));
        Assert.Equal("data.directory", cifar.Path);
        Assert.StartsWith("is needed for cifar10: a directory holding data_batch_1.bin", cifar.Problem);
        Assert.Contains("test_batch.bin", cifar.Problem);
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
            var e = Assert.Throws<SettingException>(() => DatasetCatalog.Load("fashion-mnist", null));
            Assert.Equal("data.directory", e.Path);
            Assert.StartsWith("is needed: Fashion-MNIST is not in /usr/share/datasets/fashion-mnist (install it with `sudo apt-get install dataset-fashion-mnist`, or give a directory holding train-images-idx3-ubyte.gz", e.Problem);
        }
    }

    [Fact]
    public void A_split_that_does_not_fit_names_the_data_setting()
    {
        using var dir = new TempDirectory();
        TestFiles.WriteMnistSet(dir.Path, trainCount: 7, testCount: 3, gzip: false);
        var validation = Assert.Throws<SettingException>(() => PreparedData.ForSearch("mnist", dir.Path, null, 7, seed: 1));
        Assert.Equal("data.validation", validation.Path);
        Assert.Equal("must leave training examples: mnist has 7, got 7", validation.Problem);
        var subset = Assert.Throws<SettingException>(() => PreparedData.ForSearch("mnist", dir.Path, 5, 3, seed: 1));
        Assert.Equal("data.subset", subset.Path);
        Assert.Equal("must be at most 4: mnist has 7 training examples and the validation split takes 3, got 5", subset.Problem);
        using var fits = PreparedData.ForSearch("mnist", dir.Path, 4, 3, seed: 1);
        Assert.Equal((4, 3), (fits.Train.Count, fits.Validation.Count));
    }
}
