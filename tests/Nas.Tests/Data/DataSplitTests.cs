using Nas.Torch.Data;
using static TorchSharp.torch;

namespace Nas.Tests.Data;

public class DataSplitTests
{
    /// <summary>A dataset whose label i tells which source row an example came from.</summary>
    private static ImageDataset Numbered(int count) =>
        new("numbered", arange(count, ScalarType.Float32).view(count, 1, 1, 1), arange(count, ScalarType.Int64), count);

    private static long[] Rows(ImageDataset data) => data.Labels.data<long>().ToArray();

    [Fact]
    public void TrainAndValidationAreDisjointAndCoverTheSource()
    {
        using var source = Numbered(100);
        using var split = DataSplit.Create(source, new SplitOptions(Seed: 3, ValidationCount: 20));
        Assert.Equal((80, 20), (split.Train.Count, split.Validation.Count));
        Assert.Empty(Rows(split.Train).Intersect(Rows(split.Validation)));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), Rows(split.Train).Concat(Rows(split.Validation)).Order());
        Assert.Equal(split.TrainIndices, Rows(split.Train));
        Assert.Equal(split.ValidationIndices, Rows(split.Validation));
    }

    [Fact]
    public void Take_is_a_view_of_the_first_rows_and_disposing_it_leaves_the_source_whole()
    {
        using var source = Numbered(10);
        using (var first = source.Take(4, "first"))
        {
            Assert.Equal([0L, 1, 2, 3], Rows(first));
            Assert.Equal("first", first.Name);
            first.Labels[0] = tensor(7L); // shared memory, not a copy
            Assert.Equal(7L, source.Labels[0].item<long>());
        }
        Assert.Equal(10, source.Count);
        Assert.Equal(45L - 0 + 7, source.Labels.sum().item<long>());
        Assert.Throws<ArgumentOutOfRangeException>(() => source.Take(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.Take(0));
    }

    [Fact]
    public void SameSeedSameSplitOtherSeedOtherSplit()
    {
        using var source = Numbered(100);
        using var a = DataSplit.Create(source, new SplitOptions(Seed: 7, ValidationCount: 10));
        using var b = DataSplit.Create(source, new SplitOptions(Seed: 7, ValidationCount: 10));
        using var c = DataSplit.Create(source, new SplitOptions(Seed: 8, ValidationCount: 10));
        Assert.Equal(a.ValidationIndices, b.ValidationIndices);
        Assert.NotEqual(a.ValidationIndices, c.ValidationIndices);
    }

    [Fact]
    public void SubsetRestrictsBeforeSplitting()
    {
        using var source = Numbered(1000);
        using var split = DataSplit.Create(source, new SplitOptions(Seed: 1, Subset: 50, ValidationFraction: 0.2));
        Assert.Equal((40, 10), (split.Train.Count, split.Validation.Count));
        Assert.Empty(split.TrainIndices.Intersect(split.ValidationIndices));
        // A random subset, not simply the first rows.
        Assert.True(split.TrainIndices.Concat(split.ValidationIndices).Max() > 100);
    }

    [Fact]
    public void FractionIsRoundedAndZeroGivesEmptyValidation()
    {
        using var source = Numbered(33);
        using var tenth = DataSplit.Create(source, new SplitOptions(ValidationFraction: 0.1));
        Assert.Equal(3, tenth.Validation.Count);
        using var none = DataSplit.Create(source, new SplitOptions(ValidationCount: 0));
        Assert.Equal((33, 0), (none.Train.Count, none.Validation.Count));
    }

    [Theory]
    [InlineData(2000, null, 0.1)]
    [InlineData(null, 100, 0.1)]
    [InlineData(null, null, 1.0)]
    [InlineData(null, -1, 0.1)]
    public void SizesThatDoNotFitNameTheOptions(int? subset, int? validationCount, double fraction)
    {
        using var source = Numbered(100);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Create(source, new SplitOptions(0, subset, validationCount, fraction)));
        Assert.Equal("options", e.ParamName);
    }
}
