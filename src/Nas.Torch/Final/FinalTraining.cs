using Nas.Search;
using Nas.Spaces;
using Nas.Torch.Search;
using Nas.Torch.Text;

namespace Nas.Torch.Final;

/// <summary>
/// Training an architecture from scratch on the whole training set, measured once on the test set: the settings with
/// the defaults of a final training (20 epochs; images with crop padding 2, flips and test-time flips where the data set
/// allows them, the per-epoch cosine schedule, Nesterov momentum, label smoothing 0.1 and a weight average of decay
/// 0.999), and the entry point that checks
/// a <see cref="TrainRequest"/>, loads the data and builds the network.
/// </summary>
public static class FinalTraining
{
    /// <summary>What the request's data set asks for: language models on text, classifiers otherwise.</summary>
    public static SpaceTask TaskOf(TrainRequest request) => TextDatasets.IsText(request.Dataset) ? SpaceTask.Language : SpaceTask.Image;

    /// <summary>The settings of a final training on data of <paramref name="task"/>, with their defaults.</summary>
    public static IReadOnlyList<SettingGroup> Settings(SpaceTask task) => task == SpaceTask.Language
        ? [TextDataSettings.Group, LanguageTraining, LanguageModelSettings.Group]
        : [ImageData, ImageTraining, NetworkSettings.Group];

    private static SettingGroup ImageData { get; } = ImageDataSettings.Group.Without("validation") with
    {
        Settings = ImageDataSettings.Group.Without("validation").Settings
            .Select(s => s.Key == "subset" ? s with { Description = "train on this many training examples, chosen at random by the seed (default: all)", Advanced = true } : s).ToArray(),
    };

    // The additions the small ablation (docs/benchmarks.md, issue 18) did not find harmful; one-cycle lost there and stays
    // a setting (--schedule one-cycle --warmup 0.3) until the full-size ablation says otherwise.
    private static SettingGroup ImageTraining { get; } = AutomaticTestTimeFlips(ImageTrainingSettings.Group.WithDefaults(("epochs", 20), ("crop_padding", 2),
        ("nesterov", true), ("label_smoothing", 0.1), ("ema", 0.999)));

    // Unset, test-time flips follow the data set, as flips do (a search child's evaluation stays plain: off).
    private static SettingGroup AutomaticTestTimeFlips(SettingGroup group) => group with
    {
        Settings = group.Settings.Select(s => s.Key == "tta"
            ? s with { Default = null, Description = s.Description + " (default: where flips keep the class)" }
            : s).ToArray(),
    };

    private static SettingGroup LanguageTraining { get; } = LanguageTrainingSettings.Group.WithDefaults(("epochs", 20));

    /// <summary>
    /// The training recommended for the best architecture of a search: 20 epochs on the search's data set; for cells,
    /// DARTS's recipe (C=16, 8 cells, cutout 16, auxiliary weight 0.4, drop path 0.2); for a language model, the
    /// search's model size.
    /// </summary>
    /// <param name="search">The search whose result is trained.</param>
    /// <param name="architecture">The architecture file (the search's best.json).</param>
    public static TrainRequest Recommended(ISearch search, string architecture)
    {
        ArgumentNullException.ThrowIfNull(search);
        var settings = search.Configuration["settings"] as System.Text.Json.Nodes.JsonObject;
        var request = new TrainRequest { Architecture = architecture, Seed = search.Request.Seed };
        foreach (var key in new[] { "dataset", "directory" })
            if (settings?["data"]?[key] is { } value) request = request.With($"data.{key}", value.DeepClone());
        request = request.With("training.epochs", 20);
        if (SpaceCatalog.Default.Find(search.Space.Name) is { Task: SpaceTask.Language })
            return settings?["model"]?["hidden_size"] is { } size ? request.With("model.hidden_size", size.DeepClone()) : request;
        if (!Spaces.Cells.CellSpace.IsCellSpace(search.Space)) return request;
        return request.With("network.init_channels", 16).With("network.cells", 8)
            .With("training.cutout", 16).With("training.auxiliary_weight", 0.4).With("training.drop_path", 0.2);
    }

    /// <summary>
    /// Checks every setting of <paramref name="request"/> (<see cref="SettingException"/> names the first that does not
    /// work, <c>architecture</c> for the architecture), loads the data and builds the network. Nothing is written.
    /// </summary>
    public static ITrainingRun Create(TrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var task = TaskOf(request);
        var groups = Settings(task);
        string what = task == SpaceTask.Language ? "the training of a language model (text data)" : "the training of an image classifier";
        foreach (var (name, given) in request.Settings)
            if (groups.All(g => g.Name != name) && given is System.Text.Json.Nodes.JsonObject { Count: > 0 } o)
                throw new UnknownSettingException($"{name}.{o.First().Key}", $"does not apply to {what}");
        var values = new Dictionary<string, SettingValues>();
        foreach (var g in groups)
        {
            try { values[g.Name] = g.Read(request.Group(g.Name)); }
            catch (UnknownSettingException e) { throw new UnknownSettingException(e.Path, $"does not apply to {what}"); }
        }
        return task == SpaceTask.Language ? LanguageTrainingRun.Create(request, values) : ImageTrainingRun.Create(request, values);
    }
}
