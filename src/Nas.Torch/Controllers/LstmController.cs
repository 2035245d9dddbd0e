using Nas.Architectures;
using Nas.Spaces;
using Nas.Strategies;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Controllers;

/// <summary>
/// The NAS-RL controller: an LSTM that makes a space's decisions one after another. Each step feeds the
/// embedding of the previous choice (a learned start vector first) through the LSTM; a categorical
/// decision reads a softmax over its options from a linear head (logits / temperature, then
/// <c>c * tanh</c>, options not allowed masked out); a subset decision over earlier layers uses
/// anchor-point attention, <c>P(j feeds i) = sigmoid(v · tanh(W_prev h_j + W_curr h_i))</c>, and any other
/// subset decision one Bernoulli per option from its head. Inactive decisions take no step.
/// </summary>
/// <remarks>
/// Works for any <see cref="SearchSpace"/>: the embedding table and the head are shared by all decisions,
/// each decision owning the rows of its options. The parameters live outside every dispose scope; each
/// sampling pass runs in its own scope and hands back only plain values.
/// </remarks>
public sealed class LstmController : nn.Module
{
    private readonly Parameter _start;
    private readonly ModuleList<LSTMCell> _cells;
    private readonly Embedding _embedding;
    private readonly Linear _heads;
    private readonly Linear _attendPrevious;
    private readonly Linear _attendCurrent;
    private readonly Linear _attendScore;
    // The sampling settings as Scalars, held with the controller: a temporary one may be freed mid-call.
    private readonly Scalar? _temperature;
    private readonly Scalar? _tanhConstant;

    /// <param name="space">The space whose decisions the controller makes.</param>
    /// <param name="options">Sizes and sampling settings; null for the defaults.</param>
    /// <param name="seed">Seeds the initial parameters.</param>
    public LstmController(SearchSpace space, ControllerOptions? options = null, int seed = 0) : base(nameof(LstmController))
    {
        Space = space;
        Options = (options ?? new ControllerOptions()).Validated();
        Layout = ControllerLayout.Of(space);
        int h = Options.HiddenSize;
        _start = new Parameter(zeros(1, h));
        _cells = nn.ModuleList(Enumerable.Range(0, Options.LstmLayers).Select(_ => nn.LSTMCell(h, h)).ToArray());
        _embedding = nn.Embedding(Layout.TotalOptions, h);
        _heads = nn.Linear(h, Layout.TotalOptions);
        _attendPrevious = nn.Linear(h, h, hasBias: false);
        _attendCurrent = nn.Linear(h, h, hasBias: false);
        _attendScore = nn.Linear(h, 1, hasBias: false);
        _temperature = Options.Temperature?.ToScalar();
        _tanhConstant = Options.TanhConstant?.ToScalar();
        RegisterComponents();
        // The controller owns its parameters for its whole life, whatever scope it was built in.
        foreach (var p in parameters()) p.DetachFromDisposeScope();
        Initialise(seed);
    }

    /// <summary>The space whose decisions the controller makes.</summary>
    public SearchSpace Space { get; }

    /// <summary>The settings in effect.</summary>
    public ControllerOptions Options { get; }

    internal ControllerLayout Layout { get; }

    // ENAS starts every controller parameter uniform in [-0.1, 0.1]. The values are drawn here, not by
    // torch, because nn.init.uniform_ ignores its generator in this TorchSharp and torch's global random
    // state is shared with whatever else runs in the process.
    private void Initialise(int seed)
    {
        var random = new SeededRandom(seed);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var p in parameters())
        {
            var values = new float[p.numel()];
            for (int i = 0; i < values.Length; i++) values[i] = (float)((2 * random.NextDouble() - 1) * Options.InitRange);
            p.copy_(tensor(values).reshape(p.shape));
        }
    }

    /// <summary>Samples an architecture (in <paramref name="space"/>, a prefix of the controller's, when given: a shallower network); the draws come from <paramref name="random"/> only.</summary>
    /// <param name="random">The generator of every draw.</param>
    /// <param name="space">A prefix of the controller's space, or null for the whole space.</param>
    public Architecture Sample(Random random, SearchSpace? space = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return new ControllerWalk(this, null, random, space).Run().Architecture;
    }

    /// <summary>The log-probability of an architecture under the current parameters.</summary>
    /// <param name="architecture">An architecture of the controller's space (or a prefix of it).</param>
    public double LogProbability(Architecture architecture)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return new ControllerWalk(this, architecture, null).Run().Terms.LogProbability.item<float>();
    }

    /// <summary>The policy terms of a given architecture, with gradients, in the caller's dispose scope.</summary>
    internal PolicyTerms Evaluate(Architecture architecture) => new ControllerWalk(this, architecture, null).Run().Terms;

    internal Tensor Start => _start;

    internal Tensor Zeros() => zeros(1, Options.HiddenSize);

    /// <summary>One LSTM step through every layer; updates <paramref name="states"/> and returns the top hidden state.</summary>
    internal Tensor Step(Tensor input, (Tensor H, Tensor C)[] states)
    {
        var x = input;
        for (int l = 0; l < states.Length; l++)
        {
            states[l] = _cells[l].forward(x, states[l]);
            x = states[l].H;
        }
        return x;
    }

    /// <summary>The logits of one decision's options from the shared head, after temperature and tanh: [1, options].</summary>
    internal Tensor HeadLogits(Tensor hidden, DecisionSlot slot)
    {
        var logits = _heads.forward(hidden).narrow(1, slot.Offset, slot.Decision.Options.Length);
        if (_temperature is not null) logits = logits.div(_temperature);
        if (_tanhConstant is not null) logits = logits.tanh().mul(_tanhConstant);
        return logits;
    }

    /// <summary>The embedding of one option row of the shared table: [1, hidden].</summary>
    internal Tensor Embed(long row) => _embedding.forward(tensor(new[] { row }));

    /// <summary>Attention logits of the current hidden state over stacked anchor states [k, hidden]: [k].</summary>
    internal Tensor AttentionLogits(Tensor hidden, Tensor anchors) =>
        _attendScore.forward(_attendPrevious.forward(anchors).add(_attendCurrent.forward(hidden), Runtime.HeldScalars.One).tanh()).squeeze(1);

    /// <summary>Frees the held temperature and tanh-constant Scalars with the module.</summary>
    /// <param name="disposing">True when called from <c>Dispose()</c>.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _temperature?.Dispose();
            _tanhConstant?.Dispose();
        }
        base.Dispose(disposing);
    }
}
