using System.Text.Json;
using Nas.Architectures;
using Nas.Search;
using Nas.Spaces;
using Nas.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Search.Toys;

/// <summary>
/// A space written outside the library, to count what adding one takes: this file and one registration line. A
/// convolution of a chosen width and kernel, then a classifier; its setting reaches the CLI as --widest.
/// </summary>
public sealed class ToySpace : SpaceKind, IImageNetworkSpace
{
    public const string SpaceName = "toy-conv";

    public ToySpace() : base(SpaceName, SpaceTask.Image, "one convolution of a chosen width and kernel",
        [Setting.Integer("widest", 8, "the widest convolution to choose", minimum: 2)], Make) { }

    private static SearchSpace Make(JsonElement settings)
    {
        int widest = settings.TryGetProperty("widest", out var w) ? w.GetInt32() : 8;
        return new SearchSpace(SpaceName, JsonSerializer.SerializeToElement(new { widest }), [
            new CategoricalDecision("width", [widest / 2, widest]),
            new CategoricalDecision("kernel", [1, 3]),
        ]);
    }

    public override string Describe(Architecture a) => $"conv {a.Option("kernel").AsInt}x{a.Option("kernel").AsInt}/{a.Option("width").AsInt}";

    public nn.Module<Tensor, Tensor> Build(Architecture a, InputShape input, NetworkOptions options)
    {
        int width = a.Option("width").AsInt, kernel = a.Option("kernel").AsInt;
        return nn.Sequential(nn.Conv2d(input.Channels, width, kernel, padding: kernel / 2), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(width, input.Classes));
    }
}
