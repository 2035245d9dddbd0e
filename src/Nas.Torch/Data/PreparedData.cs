using Nas.Search;

namespace Nas.Torch.Data;

/// <summary>
/// A data set made ready for a command: split and normalised with statistics of the training part
/// only. A search gets training and validation (the test set is dropped unread); a final training
/// gets the whole training set and the test set.
/// </summary>
public sealed class PreparedData : IDisposable
{
    private readonly ImageDataset? _validation;
    private readonly ImageDataset? _test;

    private PreparedData(ImageDataset train, ImageDataset? validation, ImageDataset? test, Normalization normalization)
    {
        Train = train;
        _validation = validation;
        _test = test;
        Normalization = normalization;
    }

    /// <summary>The training split (a search) or the whole training set (a final training), normalised.</summary>
    public ImageDataset Train { get; }
    /// <summary>The validation split (searches only).</summary>
    public ImageDataset Validation => _validation ?? throw new InvalidOperationException("no validation split here");
    /// <summary>The test set (final training only).</summary>
    public ImageDataset Test => _test ?? throw new InvalidOperationException("the test set is not loaded for a search");
    /// <summary>The per-channel statistics of <see cref="Train"/>, applied to every part.</summary>
    public Normalization Normalization { get; }

    /// <summary>The most validation examples a search carves by default.</summary>
    public const int MaximumDefaultValidation = 5000;

    /// <summary>
    /// The validation split when none is asked for: a tenth of the data set's training examples (rounded down), at
    /// least 1 and at most <see cref="MaximumDefaultValidation"/> (Fashion-MNIST's 60,000 give 5,000; 8,334 give 833).
    /// </summary>
    /// <param name="trainingExamples">The data set's training examples.</param>
    public static int DefaultValidation(int trainingExamples) => Math.Clamp(trainingExamples / 10, 1, MaximumDefaultValidation);

    /// <summary>
    /// For a search: <paramref name="validation"/> examples (default: <see cref="DefaultValidation"/>) carved from the training set, then
    /// <paramref name="subset"/> training examples (default: all the rest), both by a seeded permutation. Sizes that do not
    /// fit the data set are a <see cref="SettingException"/> for <c>data.validation</c> or <c>data.subset</c>, the settings
    /// they come from; the data set's name and directory are checked by <see cref="DatasetCatalog.Load"/>.
    /// </summary>
    /// <param name="dataset">The data set's name (<see cref="DatasetCatalog.Names"/>).</param>
    /// <param name="dataDir">Its directory; null for its default.</param>
    /// <param name="subset">Training examples to search on; null: all that the validation split leaves.</param>
    /// <param name="validation">Validation examples carved from the training set; null: <see cref="DefaultValidation"/> of its size.</param>
    /// <param name="seed">Seeds the permutation that chooses both.</param>
    public static PreparedData ForSearch(string dataset, string? dataDir, int? subset, int? validation, int seed)
    {
        using var pair = DatasetCatalog.Load(dataset, dataDir);
        int available = pair.Train.Count;
        return ForSearch(pair.Train, dataset, subset, validation ?? DefaultValidation(available), seed);
    }

    /// <summary>
    /// For a search, from a training set already in memory (<paramref name="trainingSet"/> is left alone): as
    /// <see cref="ForSearch(string, string?, int?, int?, int)"/>.
    /// </summary>
    /// <param name="trainingSet">The data set's training set.</param>
    /// <param name="dataset">Its name, for messages.</param>
    /// <param name="subset">Training examples to search on; null: all that the validation split leaves.</param>
    /// <param name="validation">Validation examples carved from the training set.</param>
    /// <param name="seed">Seeds the permutation that chooses both.</param>
    public static PreparedData ForSearch(ImageDataset trainingSet, string dataset, int? subset, int validation, int seed)
    {
        int available = trainingSet.Count;
        if (validation >= available)
            throw new SettingException("data.validation", $"must leave training examples: {dataset} has {available}, got {validation}");
        if (subset is { } n && n + validation > available)
            throw new SettingException("data.subset", $"must be at most {available - validation}: {dataset} has {available} training examples and the validation split takes {validation}, got {n}");
        // The split's datasets are copies that this object owns from here on.
        var split = DataSplit.Create(trainingSet, new SplitOptions(seed, subset is { } s ? s + validation : null, validation));
        var normalization = Normalization.Compute(split.Train);
        normalization.ApplyInPlace(split.Train);
        normalization.ApplyInPlace(split.Validation);
        return new PreparedData(split.Train, split.Validation, null, normalization);
    }

    /// <summary>For a final training: the training set (or a seeded random part of it) and the test set, normalised by the training part.</summary>
    /// <param name="dataset">The data set's name (<see cref="DatasetCatalog.Names"/>).</param>
    /// <param name="dataDir">Its directory; null for its default.</param>
    /// <param name="subset">Training examples kept, chosen at random by <paramref name="seed"/>; null for all (<see cref="SettingException"/> for <c>data.subset</c> when larger than the training set).</param>
    /// <param name="seed">Seeds the choice of the subset.</param>
    public static PreparedData ForFinalTraining(string dataset, string? dataDir, int? subset = null, int seed = 0)
    {
        var pair = DatasetCatalog.Load(dataset, dataDir);
        if (subset is { } n && n < pair.Train.Count)
        {
            var part = pair.Train.Sample(n, seed, pair.Train.Name + "/subset");
            pair.Train.Dispose();
            pair = new DatasetPair(part, pair.Test);
        }
        else if (subset is { } m && m > pair.Train.Count)
        {
            pair.Dispose();
            throw new SettingException("data.subset", $"must be at most the {pair.Train.Count} training examples of {dataset}, got {m}");
        }
        var normalization = Normalization.Compute(pair.Train);
        normalization.ApplyInPlace(pair.Train);
        normalization.ApplyInPlace(pair.Test);
        return new PreparedData(pair.Train, null, pair.Test, normalization);
    }

    /// <summary>Disposes every part it holds.</summary>
    public void Dispose()
    {
        Train.Dispose();
        _validation?.Dispose();
        _test?.Dispose();
    }
}
