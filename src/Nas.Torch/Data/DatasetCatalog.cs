using Nas.Search;

namespace Nas.Torch.Data;

/// <summary>
/// The image data sets known by name, where their files are looked for, and the one-line messages
/// that say how to get them when they are missing.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>Fashion-MNIST: 60,000 + 10,000 grey 28×28 images, 10 classes; the default data set.</summary>
    public const string FashionMnist = "fashion-mnist";
    /// <summary>MNIST: 60,000 + 10,000 grey 28×28 digits.</summary>
    public const string Mnist = "mnist";
    /// <summary>CIFAR-10: 50,000 + 10,000 colour 32×32 images, 10 classes.</summary>
    public const string Cifar10 = "cifar10";

    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs its files.</summary>
    public const string DefaultFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    // The settings of a search's data group that Load's two arguments come from.
    private const string DatasetPath = "data.dataset", DirectoryPath = "data.directory";

    /// <summary>The known dataset names, the default first.</summary>
    public static IReadOnlyList<string> Names { get; } = [FashionMnist, Mnist, Cifar10];

    // The IDX file names shared by MNIST and Fashion-MNIST, each found with or without .gz.
    private const string TrainImages = "train-images-idx3-ubyte", TrainLabels = "train-labels-idx1-ubyte";
    private const string TestImages = "t10k-images-idx3-ubyte", TestLabels = "t10k-labels-idx1-ubyte";
    private static readonly string[] IdxFiles = [TrainImages, TrainLabels, TestImages, TestLabels];
    private static readonly string IdxFileList = $"{TrainImages}.gz, {TrainLabels}.gz, {TestImages}.gz and {TestLabels}.gz (or unpacked)";

    /// <summary>
    /// Whether mirroring an image left to right keeps its class, so that random flips (augmentation) and test-time
    /// flips are valid: yes for Fashion-MNIST (clothes) and CIFAR-10 (objects), no for MNIST (a mirrored 2, 3, 4, 5,
    /// 7 or 9 is not that digit). Case-insensitive; an unknown name is an <see cref="ArgumentException"/>.
    /// </summary>
    /// <param name="name">fashion-mnist, mnist or cifar10.</param>
    public static bool FlipsKeepClass(string name) => name.ToLowerInvariant() switch
    {
        FashionMnist or Cifar10 => true,
        Mnist => false,
        _ => throw new ArgumentException($"unknown data set '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };

    /// <summary>The image shape and classes of a data set the catalog knows (case-insensitive), else null.</summary>
    /// <param name="name">fashion-mnist, mnist or cifar10.</param>
    public static Networks.InputShape? Shape(string name) => name.ToLowerInvariant() switch
    {
        FashionMnist or Mnist => new Networks.InputShape(1, 28, 28, 10),
        Cifar10 => new Networks.InputShape(3, 32, 32, 10),
        _ => null,
    };

    /// <summary>The names of a data set's <paramref name="classes"/> classes by index; the index as text where the data set is unknown or names fewer.</summary>
    /// <param name="name">The data set's name (case-insensitive).</param>
    /// <param name="classes">How many classes the model has.</param>
    public static IReadOnlyList<string> ClassNames(string name, int classes)
    {
        string[] known = name.ToLowerInvariant() switch
        {
            FashionMnist => ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
            Mnist => ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
            Cifar10 => ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
            _ => [],
        };
        return Enumerable.Range(0, classes).Select(c => c < known.Length ? known[c] : c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Whether the default Fashion-MNIST directory holds all four files (a cheap check: nothing is read).</summary>
    public static bool IsDefaultFashionMnistPresent() => IdxFiles.All(f => FindIdx(DefaultFashionMnistDirectory, f) is not null);

    /// <summary>
    /// Loads a dataset by name (case-insensitive) from <paramref name="dataDir"/>, or from its default
    /// directory when null (only Fashion-MNIST has one). An unknown name, or no directory where one is needed, is a
    /// <see cref="SettingException"/> for <c>data.dataset</c> or <c>data.directory</c>; missing or damaged files are a
    /// <see cref="NasUserException"/> naming them and saying how to get them.
    /// </summary>
    /// <param name="name">fashion-mnist, mnist or cifar10.</param>
    /// <param name="dataDir">The directory holding the data set's files; null for the default (Fashion-MNIST's Debian package).</param>
    public static DatasetPair Load(string name, string? dataDir)
    {
        switch (name.ToLowerInvariant())
        {
            case FashionMnist:
                if (dataDir is null && !IsDefaultFashionMnistPresent())
                    throw new SettingException(DirectoryPath, $"is needed: Fashion-MNIST is not in {DefaultFashionMnistDirectory} (install it with `sudo apt-get install dataset-fashion-mnist`, or give a directory holding {IdxFileList})");
                return LoadIdx(FashionMnist, "Fashion-MNIST", dataDir ?? DefaultFashionMnistDirectory);
            case Mnist:
                if (dataDir is null)
                    throw new SettingException(DirectoryPath, $"is needed for mnist: a directory holding the MNIST files {IdxFileList}");
                return LoadIdx(Mnist, "MNIST", dataDir);
            case Cifar10:
                if (dataDir is null)
                    throw new SettingException(DirectoryPath, $"is needed for cifar10: a directory holding {CifarFileList} (the binary version, cifar-10-binary.tar.gz, unpacked)");
                return Cifar10Reader.Load(FindCifar(dataDir));
            default:
                throw new SettingException(DatasetPath, $"must be one of {string.Join(", ", Names)}, got '{name}'");
        }
    }

    private static string CifarFileList => $"{string.Join(", ", Cifar10Reader.TrainFiles)} and {Cifar10Reader.TestFile}";

    private static DatasetPair LoadIdx(string name, string title, string directory)
    {
        CheckDirectory(directory);
        var missing = IdxFiles.Where(f => FindIdx(directory, f) is null).ToList();
        if (missing.Count > 0)
            throw new NasUserException($"{title} not found in {directory}: missing {string.Join(", ", missing.Select(f => f + "(.gz)"))}; the directory must hold {IdxFileList}");
        var train = IdxReader.Load(FindIdx(directory, TrainImages)!, FindIdx(directory, TrainLabels)!, name + "/train");
        try
        {
            return new DatasetPair(train, IdxReader.Load(FindIdx(directory, TestImages)!, FindIdx(directory, TestLabels)!, name + "/test"));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>The unpacked file if present, else the .gz one, else null.</summary>
    private static string? FindIdx(string directory, string file)
    {
        string raw = Path.Combine(directory, file);
        DataFile.NotADirectory(raw, "a data file");
        DataFile.NotADirectory(raw + ".gz", "a data file");
        if (File.Exists(raw)) return raw;
        return File.Exists(raw + ".gz") ? raw + ".gz" : null;
    }

    /// <summary>The directory itself, or the <c>cifar-10-batches-bin</c> folder the archive unpacks to.</summary>
    private static string FindCifar(string dataDir)
    {
        CheckDirectory(dataDir);
        foreach (var directory in new[] { dataDir, Path.Combine(dataDir, "cifar-10-batches-bin") })
            foreach (var f in Cifar10Reader.AllFiles) DataFile.NotADirectory(Path.Combine(directory, f), "a CIFAR-10 batch file");
        foreach (var directory in new[] { dataDir, Path.Combine(dataDir, "cifar-10-batches-bin") })
            if (Cifar10Reader.AllFiles.All(f => File.Exists(Path.Combine(directory, f)))) return directory;
        var missing = Cifar10Reader.AllFiles.Where(f => !File.Exists(Path.Combine(dataDir, f)));
        throw new NasUserException($"CIFAR-10 not found in {dataDir}: missing {string.Join(", ", missing)}; the directory must hold {CifarFileList} (the binary version, cifar-10-binary.tar.gz, unpacked)");
    }

    private static void CheckDirectory(string directory)
    {
        if (File.Exists(directory)) throw new NasUserException($"{directory} is a file, not a data directory");
        if (!Directory.Exists(directory)) throw new NasUserException($"data directory {directory} does not exist");
    }
}
