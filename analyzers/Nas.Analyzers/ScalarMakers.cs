using System.Collections.Immutable;
using System.IO;
using System.Linq;

namespace Nas.Analyzers;

/// <summary>
/// The TorchSharp members that make a temporary Scalar inside, as documentation ids
/// (<c>M:TorchSharp.torch.Tensor.add(TorchSharp.torch.Tensor)</c>), read from the embedded list.
/// </summary>
public static class ScalarMakers
{
    public const string ResourceName = "TorchSharpScalarMakers.txt";

    public static ImmutableHashSet<string> Load()
    {
        using var stream = typeof(ScalarMakers).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new FileNotFoundException($"the analyzer was built without {ResourceName}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>One id a line; blank lines and lines starting with # are skipped.</summary>
    public static ImmutableHashSet<string> Parse(string text) => text
        .Split('\n')
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith("#"))
        .ToImmutableHashSet();
}
