namespace Nas.Torch.Data;

/// <summary>A dataset's training and test sets, as its files provide them. Disposing disposes both.</summary>
/// <param name="Train">The training set.</param>
/// <param name="Test">The test set.</param>
public sealed record DatasetPair(ImageDataset Train, ImageDataset Test) : IDisposable
{
    /// <summary>Disposes both sets.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
