using Nas.Search;
using Nas.Strategies.Bananas;

namespace Nas.Torch.Surrogates;

/// <summary>
/// The catalog entry of predictor-guided search (<c>bananas</c>): <see cref="PredictorGuidedSearch"/> with an
/// <see cref="MlpEnsemble"/> as its predictor. In the torch library because the ensemble trains with TorchSharp.
/// </summary>
public static class BananasRegistration
{
    /// <summary>The entry.</summary>
    public static StrategyRegistration Registration { get; } = new(PredictorGuidedSearch.StrategyName,
        "predictor-guided search (BANANAS, White et al.): an ensemble of small networks predicts children of the best trials; the most promising are trained",
        [
            Setting.Integer("startup", 10, "random trials before the predictor is first fitted", minimum: 2),
            Setting.Integer("candidates", 100, "children of the best trials ranked by the predictor at each fit", minimum: 1, advanced: true),
            Setting.Integer("parents", 10, "best trials mutated into candidates", minimum: 1, advanced: true),
            Setting.Integer("batch", 5, "proposals taken from each fit", minimum: 1),
            Setting.Text("acquisition", "thompson", "how candidates are ranked: one draw from each prediction (thompson) or mean plus spread (ucb)", ["thompson", "ucb"]),
            Setting.Integer("members", 5, "networks in the predictor's ensemble", minimum: 1, advanced: true),
            Setting.Integer("epochs", 100, "training steps of each network at each fit", minimum: 1, advanced: true),
        ],
        c =>
        {
            var s = c.Settings;
            int candidates = s.Integer("candidates"), batch = s.Integer("batch");
            if (batch > candidates) throw new SettingException(s.PathOf("batch"), $"must not exceed the candidates ({candidates}), got {batch}");
            var options = new PredictorGuidedOptions(s.Integer("startup"), candidates, s.Integer("parents"), batch, s.Text("acquisition") == "thompson");
            return new PredictorGuidedSearch(c.Space, c.Seed, new MlpEnsemble(members: s.Integer("members"), epochs: s.Integer("epochs")), options);
        });
}
