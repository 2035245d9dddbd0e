using Nas.Search;
using Nas.Torch.Networks;
using Nas.Torch.Networks.Cells;

namespace Nas.Torch.Search;

/// <summary>Group <c>network</c>: the size of a cell network (a child, or a supernet), which its architecture leaves open.</summary>
public static class NetworkSettings
{
    /// <summary>The settings with the defaults of a search's children.</summary>
    public static SettingGroup Group { get; } = new("network", "Network size", [
        Setting.Integer("init_channels", CellClassifier.DefaultChannels, "channels C of the first cells (DARTS's CIFAR network: 36)", minimum: 1),
        Setting.Integer("cells", CellClassifier.DefaultLayers, "number of cells (DARTS's CIFAR network: 20)", minimum: 1),
        Setting.Text("layout", "cifar", "cifar (one stem) or imagenet (two strided stems)", ["cifar", "imagenet"], advanced: true),
    ]);

    /// <summary>The size; <paramref name="auxiliary"/> builds the auxiliary head.</summary>
    public static NetworkOptions Read(SettingValues values, bool auxiliary) => new(
        values.Integer("init_channels"), values.Integer("cells"), auxiliary,
        values.Text("layout") == "imagenet" ? NetworkKind.ImageNet : NetworkKind.Cifar);
}
