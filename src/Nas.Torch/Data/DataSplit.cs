namespace Nas.Torch.Data;

/// <summary>
/// A training set and a disjoint validation set carved from a dataset's training examples with a
/// seeded permutation; the test set never comes here. One permutation of all examples, from
/// <c>new Random(seed)</c>, decides everything: its first <c>Subset</c> entries are kept, of those the first
/// <c>ValidationCount</c> are validation and the rest training. Both index lists are sorted, so each
/// dataset keeps the source order. Disposing disposes both datasets (the source is left alone).
/// </summary>
public sealed class DataSplit : IDisposable
{
    private DataSplit(ImageDataset train, ImageDataset validation, long[] trainIndices, long[] validationIndices)
    {
        Train = train;
        Validation = validation;
        TrainIndices = trainIndices;
        ValidationIndices = validationIndices;
    }

    /// <summary>The training set: the kept examples that are not validation.</summary>
    public ImageDataset Train { get; }

    /// <summary>The validation set; empty (0 examples) when the validation count is 0.</summary>
    public ImageDataset Validation { get; }

    /// <summary>Rows of the source dataset in <see cref="Train"/>, ascending.</summary>
    public IReadOnlyList<long> TrainIndices { get; }

    /// <summary>Rows of the source dataset in <see cref="Validation"/>, ascending.</summary>
    public IReadOnlyList<long> ValidationIndices { get; }

    /// <summary>Splits <paramref name="source"/> (copies the rows); throws <see cref="ArgumentOutOfRangeException"/> (for <paramref name="options"/>) for sizes that do not fit.</summary>
    /// <param name="source">The data set's training examples.</param>
    /// <param name="options">How many to keep, and how many of them validate.</param>
    public static DataSplit Create(ImageDataset source, SplitOptions options)
    {
        int kept = options.Subset ?? source.Count;
        if (kept <= 0 || kept > source.Count)
            throw new ArgumentOutOfRangeException(nameof(options), kept, $"{nameof(SplitOptions.Subset)} must be between 1 and the {source.Count} training examples of {source.Name}");
        int validation = ValidationCount(kept, options);
        if (validation < 0 || validation >= kept)
            throw new ArgumentOutOfRangeException(nameof(options), validation, $"a validation set must leave training examples out of the {kept} kept");

        var order = Permutation.Shuffle(source.Count, new Random(options.Seed));
        var validationIndices = order[..validation];
        var trainIndices = order[validation..kept];
        Array.Sort(validationIndices);
        Array.Sort(trainIndices);
        var train = source.Select(trainIndices, source.Name + "/split-train");
        try
        {
            return new DataSplit(train, source.Select(validationIndices, source.Name + "/split-validation"), trainIndices, validationIndices);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    private static int ValidationCount(int kept, SplitOptions options)
    {
        if (options.ValidationCount is { } count) return count;
        if (options.ValidationFraction is < 0 or >= 1 || double.IsNaN(options.ValidationFraction))
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationFraction, $"{nameof(SplitOptions.ValidationFraction)} must be in [0, 1)");
        return (int)Math.Round(kept * options.ValidationFraction, MidpointRounding.AwayFromZero);
    }

    /// <summary>Disposes both datasets (the source is left alone).</summary>
    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
    }
}
