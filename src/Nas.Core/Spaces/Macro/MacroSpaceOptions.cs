using System.Text.Json;

namespace Nas.Spaces.Macro;

/// <summary>
/// Settings of the NAS-RL macro CNN space.
/// </summary>
/// <param name="Layers">Number of convolutional layers N.</param>
/// <param name="FilterSizes">Options for filter height and width.</param>
/// <param name="FilterCounts">Options for the number of filters.</param>
/// <param name="PoolAfter">
/// Layers (1-based) after which the resolution halves (2x2 max pooling). This is our addition to the
/// paper's space so deeper networks stay affordable: layer i works at the resolution of its stage, and
/// an input from an earlier, larger stage is max-pooled down to it before the paper's padding rule
/// applies. Null means the default: after layers N/3 - 1 and 2N/3 - 1 (at least 1), so a 6-layer network
/// on 28x28 works at 28, 14 and 7 pixels.
/// </param>
/// <param name="SearchStrides">Also search a stride in {1, 2} per layer (the paper's variant with strides).</param>
public sealed record MacroSpaceOptions(
    int Layers = 6,
    IReadOnlyList<int>? FilterSizes = null,
    IReadOnlyList<int>? FilterCounts = null,
    IReadOnlyList<int>? PoolAfter = null,
    bool SearchStrides = false)
{
    /// <summary>NAS-RL's filter heights and widths: 1, 3, 5, 7.</summary>
    public static readonly int[] DefaultFilterSizes = { 1, 3, 5, 7 };
    /// <summary>NAS-RL's filter counts: 24, 36, 48, 64.</summary>
    public static readonly int[] DefaultFilterCounts = { 24, 36, 48, 64 };

    /// <summary>The filter sizes in effect.</summary>
    public IReadOnlyList<int> FilterSizesOrDefault => FilterSizes ?? DefaultFilterSizes;
    /// <summary>The filter counts in effect.</summary>
    public IReadOnlyList<int> FilterCountsOrDefault => FilterCounts ?? DefaultFilterCounts;

    /// <summary>The pooling positions in effect, ascending.</summary>
    public IReadOnlyList<int> PoolAfterOrDefault => PoolAfter ?? DefaultPoolAfter(Layers);

    /// <summary>The default pooling positions for <paramref name="layers"/> layers: after N/3 - 1 and 2N/3 - 1 (at least 1, below N).</summary>
    /// <param name="layers">N, the layers.</param>
    public static int[] DefaultPoolAfter(int layers) =>
        new[] { Math.Max(1, layers / 3 - 1), Math.Max(1, 2 * layers / 3 - 1) }.Where(p => p < layers).Distinct().ToArray();

    /// <summary>Checks the settings; throws <see cref="NasUserException"/> naming the bad one (<c>space.key</c>).</summary>
    public MacroSpaceOptions Validated()
    {
        if (Layers < 1 || Layers > 64) throw new Search.SettingException("space.layers", $"must be in [1, 64], got {Layers}");
        if (FilterSizesOrDefault.Count == 0 || FilterSizesOrDefault.Any(k => k < 1 || k % 2 == 0))
            throw new Search.SettingException("space.filter_sizes", "must be odd positive whole numbers");
        if (FilterCountsOrDefault.Count == 0 || FilterCountsOrDefault.Any(f => f < 1))
            throw new Search.SettingException("space.filter_counts", "must be positive");
        if (PoolAfterOrDefault.Any(p => p < 1 || p >= Layers))
            throw new Search.SettingException("space.pool_after", $"must name layers between 1 and {Layers - 1} (of {Layers}), got {string.Join(",", PoolAfterOrDefault)}");
        return this;
    }

    /// <summary>The settings as recorded in architecture files, every default filled in.</summary>
    public JsonElement ToJson()
    {
        var doc = new Dictionary<string, object>
        {
            ["layers"] = Layers,
            ["filter_sizes"] = FilterSizesOrDefault,
            ["filter_counts"] = FilterCountsOrDefault,
            ["pool_after"] = PoolAfterOrDefault,
            ["search_strides"] = SearchStrides,
        };
        return JsonSerializer.SerializeToElement(doc);
    }

    /// <summary>Reads settings (missing ones take the defaults) and checks them; throws <see cref="NasUserException"/> when malformed or invalid.</summary>
    /// <param name="settings">The space's settings: <c>layers</c>, <c>filter_sizes</c>, <c>filter_counts</c>, <c>pool_after</c>, <c>search_strides</c>.</param>
    public static MacroSpaceOptions FromJson(JsonElement settings)
    {
        try
        {
            int layers = settings.TryGetProperty("layers", out var l) ? l.GetInt32() : 6;
            int[]? Ints(string name) => settings.TryGetProperty(name, out var v) ? v.EnumerateArray().Select(e => e.GetInt32()).ToArray() : null;
            bool strides = settings.TryGetProperty("search_strides", out var s) && s.GetBoolean();
            return new MacroSpaceOptions(layers, Ints("filter_sizes"), Ints("filter_counts"), Ints("pool_after"), strides).Validated();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new NasUserException($"macro space settings are malformed: {e.Message}");
        }
    }
}
