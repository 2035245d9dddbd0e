using System.Text.Json;

namespace Nas.Spaces.Residual;

/// <summary>
/// Settings of the residual space. Stage i (from 1) chooses its width among <see cref="Widths"/> times 2^(i-1), so
/// every stage offers the same relative widths and the channels double as the resolution halves.
/// </summary>
/// <param name="Stages">Stages; each after the first halves the resolution (3: 28, 14 and 7 pixels on 28x28).</param>
/// <param name="Widths">Stage 1's widths to choose from (default 16, 24, 32); later stages double them once per stage.</param>
/// <param name="Depths">Residual blocks per stage to choose from (default 1, 2).</param>
/// <param name="Kernels">Kernel sizes to choose from (default 3, 5), odd.</param>
/// <param name="StemPre">Channels of a full-resolution 3x3 convolution ahead of the stem to choose from, 0 for none
/// (default 0, 16); exactly [0] leaves the decision out, as in the spaces written before it existed.</param>
public sealed record ResidualSpaceOptions(
    int Stages = 3,
    IReadOnlyList<int>? Widths = null,
    IReadOnlyList<int>? Depths = null,
    IReadOnlyList<int>? Kernels = null,
    IReadOnlyList<int>? StemPre = null)
{
    /// <summary>Stage 1's default widths: half, three quarters and all of the baseline's 32.</summary>
    public static readonly int[] DefaultWidths = { 16, 24, 32 };
    /// <summary>The default blocks per stage: 1 or 2.</summary>
    public static readonly int[] DefaultDepths = { 1, 2 };
    /// <summary>The default kernel sizes: 3 or 5.</summary>
    public static readonly int[] DefaultKernels = { 3, 5 };

    /// <summary>
    /// The default channels of a full-resolution convolution ahead of the stem: none or 16. On Fashion-MNIST it lifted
    /// resnet-baseline from 93.25% to 93.65% after 15 epochs for 7% more multiply-adds, but it runs 17-27% slower, so
    /// at 15 minutes of equal time it was level (94.23% against 94.32%, docs/benchmarks.md): a search decides.
    /// </summary>
    public static readonly int[] DefaultStemPre = { 0, 16 };

    /// <summary>The stem settings of a space written before the <c>stem.pre</c> decision existed: no convolution ahead of the stem.</summary>
    public static readonly int[] NoStemPre = { 0 };

    /// <summary>The most stages: six halvings take 28 pixels to 1.</summary>
    public const int MaxStages = 6;

    /// <summary>Stage 1's widths in effect.</summary>
    public IReadOnlyList<int> WidthsOrDefault => Widths ?? DefaultWidths;
    /// <summary>The depths in effect.</summary>
    public IReadOnlyList<int> DepthsOrDefault => Depths ?? DefaultDepths;
    /// <summary>The kernel sizes in effect.</summary>
    public IReadOnlyList<int> KernelsOrDefault => Kernels ?? DefaultKernels;
    /// <summary>The channels ahead of the stem in effect.</summary>
    public IReadOnlyList<int> StemPreOrDefault => StemPre ?? DefaultStemPre;
    /// <summary>Whether the space has the <c>stem.pre</c> decision: all but exactly [0].</summary>
    public bool HasStemPre => !StemPreOrDefault.SequenceEqual(NoStemPre);

    /// <summary>The widths stage <paramref name="stage"/> chooses from: stage 1's, doubled once per later stage.</summary>
    /// <param name="stage">A stage, from 1.</param>
    public IReadOnlyList<int> WidthsOf(int stage) => WidthsOrDefault.Select(w => w << (stage - 1)).ToArray();

    /// <summary>Checks the settings; throws <see cref="Search.SettingException"/> naming the bad one (<c>space.key</c>).</summary>
    public ResidualSpaceOptions Validated()
    {
        if (Stages < 1 || Stages > MaxStages) throw new Search.SettingException("space.stages", $"must be in [1, {MaxStages}], got {Stages}");
        Check("widths", WidthsOrDefault, w => w >= 1 && w <= 4096, "must be whole numbers in [1, 4096]");
        Check("depths", DepthsOrDefault, d => d >= 1 && d <= 16, "must be whole numbers in [1, 16]");
        Check("kernels", KernelsOrDefault, k => k >= 1 && k <= 7 && k % 2 == 1, "must be odd, in [1, 7]");
        Check("stem_pre", StemPreOrDefault, w => w >= 0 && w <= 4096, "must be whole numbers in [0, 4096] (0: no convolution ahead of the stem)");
        return this;
    }

    private static void Check(string key, IReadOnlyList<int> values, Func<int, bool> valid, string rule)
    {
        if (values.Count == 0) throw new Search.SettingException($"space.{key}", "needs at least one value");
        if (!values.All(valid)) throw new Search.SettingException($"space.{key}", $"{rule}, got {string.Join(",", values)}");
        if (values.Distinct().Count() != values.Count) throw new Search.SettingException($"space.{key}", $"lists a value twice: {string.Join(",", values)}");
    }

    /// <summary>The settings as recorded in architecture files, every default filled in.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(new Dictionary<string, object>
    {
        ["stages"] = Stages,
        ["widths"] = WidthsOrDefault,
        ["depths"] = DepthsOrDefault,
        ["kernels"] = KernelsOrDefault,
        ["stem_pre"] = StemPreOrDefault,
    });

    /// <summary>Reads settings (missing ones take the defaults) and checks them; throws <see cref="NasUserException"/> when malformed or invalid.</summary>
    /// <param name="settings">The space's settings: <c>stages</c>, <c>widths</c>, <c>depths</c>, <c>kernels</c>, <c>stem_pre</c>
    /// (missing: [0], the space as written before the setting existed, so older architecture files read as they were).</param>
    public static ResidualSpaceOptions FromJson(JsonElement settings)
    {
        try
        {
            if (settings.ValueKind != JsonValueKind.Object) return new ResidualSpaceOptions().Validated();
            int stages = settings.TryGetProperty("stages", out var s) ? s.GetInt32() : 3;
            int[]? Ints(string name) => settings.TryGetProperty(name, out var v) ? v.EnumerateArray().Select(e => e.GetInt32()).ToArray() : null;
            return new ResidualSpaceOptions(stages, Ints("widths"), Ints("depths"), Ints("kernels"), Ints("stem_pre") ?? NoStemPre).Validated();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new NasUserException($"{ResidualSpace.Name} space settings are malformed: {e.Message}");
        }
    }
}
