using Nas.Architectures;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Torch.Controllers;
using Nas.Torch.OneShot;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Enas;

/// <summary>
/// The ENAS controller: an <see cref="LstmController"/> trained by REINFORCE, one update per sampled child
/// and reward. The baseline follows ENAS: <c>b ← b − (1 − decay)(b − r)</c> is applied first and the update
/// learns from <c>r − b</c> with the new b. ENAS starts b at 0, which makes every advantage positive for
/// hundreds of steps; here the first reward initialises it (the first advantage is 0), as
/// <see cref="ReinforceStrategy"/> does. The loss, its sign and the entropy and skip terms are
/// <c>PolicyGradientLoss</c>'s (ENAS adds the entropy bonus to the reward instead; both raise entropy).
/// Adam with ENAS's settings: β1 = 0, β2 = 0.999, ε = 1e-3.
/// </summary>
/// <remarks>The controller holds plain numbers apart from its parameters and Adam's state; every pass runs in its own dispose scope.</remarks>
public sealed class EnasController : IDisposable
{
    private readonly AlphaAdam _optimizer;
    private readonly SeededRandom _random;

    public EnasController(SearchSpace space, EnasControllerOptions options, int seed)
    {
        Options = options.Validated();
        Lstm = new LstmController(space, options.Sampling, seed);
        _optimizer = new AlphaAdam(Lstm.parameters().ToArray(), options.LearningRate, beta1: 0.0, beta2: 0.999, weightDecay: 0, eps: 1e-3);
        _random = new SeededRandom(seed ^ 0x0e4a5);
    }

    /// <summary>The settings in effect.</summary>
    public EnasControllerOptions Options { get; }

    /// <summary>The LSTM whose policy is learned.</summary>
    public LstmController Lstm { get; }

    /// <summary>The reward baseline; null before the first update.</summary>
    public double? Baseline { get; private set; }

    /// <summary>Samples a child from the current policy.</summary>
    public Architecture Sample() => Lstm.Sample(_random);

    /// <summary>One REINFORCE step on a child and its reward.</summary>
    public EnasControllerStep Learn(Architecture child, double reward)
    {
        double b = Baseline is { } old ? old - (1 - Options.BaselineDecay) * (old - reward) : reward;
        Baseline = b;
        double advantage = reward - b;
        using var scope = NewDisposeScope();
        _optimizer.ZeroGrad();
        var terms = Lstm.Evaluate(child);
        var loss = PolicyGradientLoss.Of(terms, advantage, Options.EntropyWeight, Lstm.Options.SkipWeight);
        loss.backward();
        _optimizer.Step();
        return new EnasControllerStep(reward, b, advantage, terms.Entropy.item<float>());
    }

    /// <summary>The LSTM's weights, as bytes (for the experiment store).</summary>
    public byte[] SaveWeights() => ControllerCheckpoint.Save(Lstm);

    public void Dispose()
    {
        _optimizer.Dispose();
        Lstm.Dispose();
    }
}
