using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

/// <summary>Bit-for-bit comparisons of tensors and modules, for the tests of resumed searches.</summary>
internal static class ExactAssert
{
    /// <summary>Same names, types, shapes and values in both state dicts (parameters and buffers).</summary>
    public static void SameState(nn.Module expected, nn.Module actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, tensor) in a) Same(tensor, b[name], name);
    }

    /// <summary>Same type, shape and values.</summary>
    public static void Same(Tensor expected, Tensor actual, string what)
    {
        using var scope = NewDisposeScope();
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.equal(actual).all().item<bool>(), $"{what} differs");
    }

    /// <summary>A fresh empty directory under the temporary directory, for a test's checkpoints.</summary>
    public static string TemporaryDirectory(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Cuts <paramref name="path"/> to half its length: a damaged copy.</summary>
    public static void Truncate(string path)
    {
        using var file = File.Open(path, FileMode.Open);
        file.SetLength(file.Length / 2);
    }
}
