using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Search;
using Nas.Torch.Data;
using Nas.Torch.Enas;
using Nas.Torch.Training;

namespace Nas.Torch.Search;

/// <summary>
/// The ENAS search (<see cref="EnasTrainer"/>): one <c>enas</c> step per epoch (shared loss and accuracy, mean reward,
/// baseline, entropy, the best sampled child), the controller's weights as state <c>enas-controller</c>, and at the end
/// one <c>enas-derive</c> step per child scored; the best of them is the result.
/// </summary>
internal sealed class EnasSearch : EpochSearch
{
    private readonly PreparedData _data;
    private readonly EnasTrainer _trainer;
    private readonly TrainingOptions _recipe;

    private EnasSearch(ResolvedRequest r, TrainingOptions recipe, EnasSearchOptions options, EnasControllerOptions controller, PreparedData data, JsonObject configuration)
        : base(r.Request, r.Space, configuration, recipe.Epochs)
    {
        _data = data;
        _recipe = recipe;
        _trainer = new EnasTrainer(r.Space, data.Train, data.Validation, recipe, options, controller);
        configuration["runtime"] = RuntimeFacts.Describe(); // again: the trainer may have admitted oneDNN for its graph
    }

    /// <inheritdoc/>
    public override string Kind => "enas";

    /// <inheritdoc/>
    protected override string Data => ImageDataSettings.Describe(_data);

    /// <inheritdoc/>
    protected override string Plan => $"{Epochs} epoch(s), C={_trainer.Options.Channels}, {_trainer.Options.ControllerSteps} controller steps per epoch";

    /// <inheritdoc/>
    protected override int EpochsDone => _trainer.Completed.Count;

    internal static EnasSearch Create(ResolvedRequest r, TrainingOptions recipe, EnasSearchOptions options, EnasControllerOptions controller, JsonObject configuration)
    {
        var data = ImageDataSettings.Load(r["data"], r.Kind.Name, r.Seed);
        configuration["settings"]!["data"]!["dataset"] = r["data"].Text("dataset");
        configuration["data"] = ImageDataSettings.Facts(data);
        try { return new EnasSearch(r, recipe, options, controller, data, configuration); }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    protected override (string Json, SearchEpoch Shown) RunEpoch(IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        var e = _trainer.RunEpoch(cancellationToken);
        string json = JsonSerializer.Serialize(new
        {
            shared_loss = e.SharedLoss,
            shared_accuracy = e.SharedAccuracy,
            mean_reward = e.MeanReward,
            baseline = e.Baseline,
            entropy = e.Entropy,
            best_reward = e.BestReward,
            learning_rate = e.LearningRate,
            seconds = e.Seconds,
            best_child = e.BestChild.ValuesJson(),
        });
        SearchFigure[] figures =
        [
            new("shared_loss", e.SharedLoss), SearchFigure.Fraction("train_accuracy", e.SharedAccuracy), SearchFigure.Fraction("mean_reward", e.MeanReward),
            SearchFigure.Fraction("baseline", e.Baseline), new("entropy", e.Entropy), SearchFigure.Fraction("best_sampled", e.BestReward), new("seconds", e.Seconds, FigureUnit.Seconds),
        ];
        return (json, new SearchEpoch(Kind, e.Epoch, _recipe.Epochs, figures, e.BestChild));
    }

    /// <inheritdoc/>
    protected override void Save(string directory, string fingerprint) => _trainer.Save(directory, fingerprint);

    /// <inheritdoc/>
    protected override bool TryRestore(string directory, string fingerprint) => _trainer.TryRestore(directory, fingerprint);

    /// <inheritdoc/>
    protected override SearchResult Finish(SearchSession session)
    {
        session.Store.SaveState("enas-controller", _trainer.Controller.SaveWeights());
        var (best, accuracy, sampled) = _trainer.Derive();
        for (int k = 0; k < sampled.Count; k++)
            session.Store.AddStep("enas-derive", k + 1, JsonSerializer.Serialize(new { validation_batch_accuracy = sampled[k].Accuracy, child = sampled[k].Child.ValuesJson() }));
        var kind = Spaces.SpaceCatalog.Default.Find(best.Space.Name);
        return new SearchResult
        {
            Best = best,
            Figures = [SearchFigure.Fraction("validation_batch_accuracy", accuracy), SearchFigure.Count("children_scored", sampled.Count)],
            Notes = [$"the best of {sampled.Count} sampled children, scored on one validation batch through the shared weights"],
            Artifacts = [new SearchArtifact("best.json", best.ToJson()), .. kind?.Artifacts(best) ?? []],
        };
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _trainer.Dispose();
        _data.Dispose();
    }
}
