using Nas.Statistics;
using Nas.Strategies;
using Nas.Tests.Strategies;
using Nas.Torch.Surrogates;
using TorchSharp;

namespace Nas.Tests.Surrogates;

public sealed class MlpEnsembleTests
{
    private static (double[][] Features, double[] Scores) Data(int count, int seed)
    {
        // Scores from a hidden rule on the one-hot features of a flat space, with an interaction.
        var space = TestSpaces.Flat(decisions: 8, options: 4);
        var encoding = new ArchitectureEncoding(space);
        var random = new SeededRandom(seed);
        var features = new double[count][];
        var scores = new double[count];
        for (int i = 0; i < count; i++)
        {
            var a = ArchitectureSampler.Sample(space, random);
            var row = encoding.Encode(a);
            features[i] = encoding.Features(a);
            scores[i] = 0.5 + 0.05 * row.Count(s => s == 0) + (row[0] == row[1] ? 0.08 : 0);
        }
        return (features, scores);
    }

    [Fact]
    public void Ranks_unseen_architectures_by_a_rule_it_learned()
    {
        var (trainX, trainY) = Data(150, 1);
        var (testX, testY) = Data(100, 2);
        var ensemble = new MlpEnsemble();
        ensemble.Fit(trainX, trainY, seed: 3);
        var predictions = ensemble.Predict(testX);
        double tau = RankCorrelation.Kendall(predictions.Select(p => p.Mean).ToArray(), testY);
        Assert.True(tau > 0.6, $"Kendall tau {tau:F2}");
        Assert.All(predictions, p => Assert.True(p.Spread >= 0));
        Assert.True(predictions.Average(p => Math.Abs(p.Mean - 0.7)) < 0.3);
    }

    [Fact]
    public void The_same_data_and_seed_give_the_same_predictions_and_no_tensor_outlives_a_fit()
    {
        var (x, y) = Data(60, 4);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var a = new MlpEnsemble(members: 3, epochs: 30);
        a.Fit(x, y, seed: 7);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        var b = new MlpEnsemble(members: 3, epochs: 30);
        b.Fit(x, y, seed: 7);
        Assert.Equal(a.Predict(x), b.Predict(x));
        var c = new MlpEnsemble(members: 3, epochs: 30);
        c.Fit(x, y, seed: 8);
        Assert.NotEqual(a.Predict(x), c.Predict(x));
    }

    [Fact]
    public void Refuses_to_predict_before_a_fit_or_rows_of_another_length()
    {
        var ensemble = new MlpEnsemble(members: 1, epochs: 1);
        Assert.Throws<InvalidOperationException>(() => ensemble.Predict([new double[4]]));
        ensemble.Fit([new double[4], new double[4]], [0.1, 0.2], seed: 1);
        Assert.Contains("4 features", Assert.Throws<ArgumentException>(() => ensemble.Predict([new double[5]])).Message);
        Assert.Throws<ArgumentException>(() => ensemble.Fit([new double[4]], [0.1, 0.2], seed: 1));
    }
}
