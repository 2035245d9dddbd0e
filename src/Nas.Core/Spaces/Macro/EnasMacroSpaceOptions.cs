using System.Text.Json;

namespace Nas.Spaces.Macro;

/// <summary>Settings of the <c>enas-macro</c> space.</summary>
/// <param name="Layers">Number of searched layers L (ENAS: 12 for its search, 24 for the final network).</param>
/// <param name="PoolAfter">
/// Layers (1-based) after which the resolution halves; null for ENAS's positions, after layers L/3 and 2L/3
/// (its 0-based <c>pool_layers = [L/3 - 1, 2L/3 - 1]</c>): after 4 and 8 for L = 12.
/// </param>
public sealed record EnasMacroSpaceOptions(int Layers = 12, IReadOnlyList<int>? PoolAfter = null)
{
    /// <summary>The pooling positions in effect, ascending.</summary>
    public IReadOnlyList<int> PoolAfterOrDefault => PoolAfter ?? DefaultPoolAfter(Layers);

    /// <summary>ENAS's pooling positions for <paramref name="layers"/> layers: after L/3 and 2L/3 (those inside 1..L-1).</summary>
    /// <param name="layers">L, the searched layers.</param>
    public static int[] DefaultPoolAfter(int layers) =>
        new[] { layers / 3, 2 * layers / 3 }.Where(p => p >= 1 && p < layers).Distinct().ToArray();

    /// <summary>Checks the settings; throws <see cref="NasUserException"/> naming the bad one (<c>space.key</c>).</summary>
    public EnasMacroSpaceOptions Validated()
    {
        if (Layers < 1 || Layers > 64) throw new Search.SettingException("space.layers", $"must be in [1, 64], got {Layers}");
        if (PoolAfterOrDefault.Any(p => p < 1 || p >= Layers))
            throw new Search.SettingException("space.pool_after", $"must name layers between 1 and {Layers - 1} (of {Layers}), got {string.Join(",", PoolAfterOrDefault)}");
        if (PoolAfterOrDefault.Distinct().Count() != PoolAfterOrDefault.Count)
            throw new Search.SettingException("space.pool_after", "lists a layer twice");
        return this;
    }

    /// <summary>The settings as recorded in architecture files: <c>layers</c> and <c>pool_after</c> (the positions in effect).</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(new Dictionary<string, object>
    {
        ["layers"] = Layers,
        ["pool_after"] = PoolAfterOrDefault.Order().ToArray(),
    });

    /// <summary>Reads settings (missing ones take the defaults); throws <see cref="NasUserException"/> when malformed.</summary>
    /// <param name="settings">The space's settings: <c>layers</c>, <c>pool_after</c>.</param>
    public static EnasMacroSpaceOptions FromJson(JsonElement settings)
    {
        try
        {
            if (settings.ValueKind != JsonValueKind.Object) return new EnasMacroSpaceOptions().Validated();
            int layers = settings.TryGetProperty("layers", out var l) ? l.GetInt32() : 12;
            int[]? pool = settings.TryGetProperty("pool_after", out var p) ? p.EnumerateArray().Select(e => e.GetInt32()).ToArray() : null;
            return new EnasMacroSpaceOptions(layers, pool).Validated();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new NasUserException($"{EnasMacroSpace.Name} space settings are malformed: {e.Message}");
        }
    }
}
