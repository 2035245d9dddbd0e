using Nas.Search;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Strategies.Predictors;

namespace Nas.Torch.Surrogates;

/// <summary>
/// Group <c>surrogate</c> of every multi-trial search: screening the strategy's proposals with a learned predictor
/// (<see cref="SurrogateScreening"/> with an <see cref="MlpEnsemble"/>) before any is trained. Off by default.
/// </summary>
public static class SurrogateSettings
{
    /// <summary>The settings.</summary>
    public static SettingGroup Group { get; } = new("surrogate", "Surrogate screening", [
        Setting.Integer("screen", 1, "proposals drawn per trial once screening starts; a predictor fitted to the finished trials lets the best one through (1: off)", minimum: 1),
        Setting.Integer("startup", 10, "finished trials before screening starts", minimum: 2, advanced: true),
    ]);

    /// <summary>The strategy as the settings ask: itself, or wrapped in screening.</summary>
    /// <param name="values">The <c>surrogate</c> group as read from a request.</param>
    /// <param name="strategy">The strategy built from the request.</param>
    /// <param name="space">The space searched.</param>
    /// <param name="seed">The experiment seed (seeds the predictor's fits).</param>
    public static IStrategy Apply(SettingValues values, IStrategy strategy, SearchSpace space, int seed)
    {
        int screen = values.Integer("screen");
        return screen <= 1 ? strategy : new SurrogateScreening(strategy, space, new MlpEnsemble(), screen, values.Integer("startup"), seed);
    }
}
