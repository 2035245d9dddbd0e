using Nas.Architectures;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Torch.Controllers;
using Nas.Torch.OneShot;
using Nas.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
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
    private const string LstmFile = "controller.bin";
    private const string OptimizerFile = "controller-optimizer.bin";
    private readonly AlphaAdam _optimizer;
    private SeededRandom _random;

    /// <param name="space">The space it samples (enas-cell or enas-macro).</param>
    /// <param name="options">Sampling, learning rate, baseline decay and entropy weight.</param>
    /// <param name="seed">Seeds the LSTM's initial weights and the sampling stream.</param>
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
    /// <param name="child">A child the controller sampled.</param>
    /// <param name="reward">Its reward: its accuracy on one validation minibatch.</param>
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

    /// <summary>The files <see cref="Save"/> writes.</summary>
    internal static IReadOnlyList<string> Files => new[] { LstmFile, OptimizerFile };

    /// <summary>Writes the LSTM's weights and Adam's state; returns the plain rest, which the caller keeps with its own.</summary>
    internal EnasControllerState Save(CheckpointWriter writer)
    {
        writer.Module(LstmFile, Lstm);
        writer.Binary(OptimizerFile, _optimizer.Save);
        return new EnasControllerState(Baseline, _random.ExportState());
    }

    /// <summary>Reads back what <see cref="Save"/> wrote; <paramref name="stateFile"/> names the file <paramref name="state"/> came from, for errors.</summary>
    internal void Restore(CheckpointReader reader, EnasControllerState state, string stateFile)
    {
        SeededRandom random;
        try { random = SeededRandom.FromState(state.Random ?? throw new FormatException("no random state")); }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw reader.Damaged(stateFile, $"the controller's random state ({e.Message})");
        }
        if (state.Baseline is { } b && !double.IsFinite(b)) throw reader.Damaged(stateFile, $"the controller's baseline is {b}");
        reader.Module(LstmFile, Lstm);
        reader.Binary(OptimizerFile, _optimizer.Load);
        Baseline = state.Baseline;
        _random = random;
    }

    /// <summary>Frees the LSTM and Adam's state.</summary>
    public void Dispose()
    {
        _optimizer.Dispose();
        Lstm.Dispose();
    }
}
