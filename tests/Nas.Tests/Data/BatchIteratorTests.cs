using Nas.Torch.Data;
using static TorchSharp.torch;

namespace Nas.Tests.Data;

public class BatchIteratorTests
{
    private static ImageDataset Numbered(int count) =>
        new("numbered", arange(count, ScalarType.Float32).view(count, 1, 1, 1), arange(count, ScalarType.Int64), count);

    /// <summary>The example numbers of each batch, checking images and labels stay paired.</summary>
    private static List<long[]> Served(BatchIterator iterator, int epoch)
    {
        var batches = new List<long[]>();
        foreach (var batch in iterator.Epoch(epoch))
        {
            using (batch)
            {
                var labels = batch.Labels.data<long>().ToArray();
                Assert.Equal(labels.Select(l => (float)l), batch.Images.view(-1).data<float>().ToArray());
                batches.Add(labels);
            }
        }
        return batches;
    }

    [Fact]
    public void EachEpochServesEveryExampleOnce()
    {
        using var data = Numbered(103);
        var iterator = new BatchIterator(data, batchSize: 10, seed: 1);
        var batches = Served(iterator, 0);
        Assert.Equal(11, iterator.BatchCount);
        Assert.Equal(Enumerable.Repeat(10, 10).Append(3), batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 103).Select(i => (long)i), batches.SelectMany(b => b).Order());
    }

    [Fact]
    public void ReshufflesBetweenEpochsAndRepeatsForASeed()
    {
        using var data = Numbered(50);
        var first = Served(new BatchIterator(data, 8, seed: 4), 0).SelectMany(b => b).ToArray();
        var again = Served(new BatchIterator(data, 8, seed: 4), 0).SelectMany(b => b).ToArray();
        var next = Served(new BatchIterator(data, 8, seed: 4), 1).SelectMany(b => b).ToArray();
        var other = Served(new BatchIterator(data, 8, seed: 5), 0).SelectMany(b => b).ToArray();
        Assert.Equal(first, again);
        Assert.NotEqual(first, next);
        Assert.NotEqual(first, other);
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (long)i), first);
    }

    [Fact]
    public void DropLastAndNoShuffle()
    {
        using var data = Numbered(25);
        var iterator = new BatchIterator(data, 10, shuffle: false, dropLast: true);
        var batches = Served(iterator, 3);
        Assert.Equal(2, iterator.BatchCount);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), batches.SelectMany(b => b));
    }

    [Fact]
    public void BatchesBelongToNoDisposeScope()
    {
        using var data = Numbered(20);
        Batch kept;
        using (var scope = NewDisposeScope())
            kept = new BatchIterator(data, 5).Epoch(0).First();
        using (kept)
            Assert.Equal(5, kept.Labels.shape[0]); // still alive after the scope closed
    }
}
