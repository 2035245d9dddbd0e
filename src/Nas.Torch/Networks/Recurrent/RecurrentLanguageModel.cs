using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>
/// A word- or character-level language model: embedding, one or more recurrent layers, and a decoder
/// whose weight is the embedding (tied, one parameter) plus its own bias, as the DARTS and AWD models.
/// <c>(tokens [T, B], state [layers, B, S]) → (logits [T·B, V], state)</c>.
/// </summary>
public sealed class RecurrentLanguageModel : nn.Module<Tensor, Tensor, (Tensor Logits, Tensor State)>
{
    private readonly Parameter embedding;
    private readonly Parameter decoder_bias;
    private readonly ModuleList<RecurrentCell> layers;
    private readonly LanguageModelOptions _options;

    /// <param name="tokens">Vocabulary size.</param>
    /// <param name="options">Size, layers and dropouts; checked (<see cref="ArgumentOutOfRangeException"/> naming the property).</param>
    /// <param name="cell">Builds layer l's cell from (input size, hidden size, hidden dropout).</param>
    public RecurrentLanguageModel(int tokens, LanguageModelOptions options, Func<int, int, double, RecurrentCell> cell) : base(nameof(RecurrentLanguageModel))
    {
        _options = options.Validated();
        Tokens = tokens;
        embedding = new Parameter(empty(tokens, options.Size).uniform_(-0.1, 0.1));
        decoder_bias = new Parameter(zeros(tokens));
        layers = new ModuleList<RecurrentCell>(Enumerable.Range(0, options.Layers).Select(_ => cell(options.Size, options.Size, options.HiddenDropout)).ToArray());
        if (layers.Any(l => l.HiddenSize != options.Size || l.StateSize != layers[0].StateSize))
            throw new ArgumentException("every layer must have the model's hidden size and the same state size");
        RegisterComponents();
    }

    /// <summary>V, the vocabulary size.</summary>
    public int Tokens { get; }
    /// <summary>Size, layers and dropouts, checked.</summary>
    public LanguageModelOptions Options => _options;
    /// <summary>The recurrent layers stacked.</summary>
    public int LayerCount => layers.Count;

    /// <summary>The embedding (and decoder) weight [V, size].</summary>
    public Parameter EmbeddingWeight => embedding;

    /// <summary>The decoder bias [V].</summary>
    public Parameter DecoderBias => decoder_bias;

    /// <summary>A zero state for a batch: [layers, B, state size].</summary>
    /// <param name="batch">B, the sequences.</param>
    /// <param name="device">Where the state goes (null: the CPU).</param>
    public Tensor InitialState(long batch, Device? device = null) =>
        zeros(new[] { (long)layers.Count, batch, (long)layers[0].StateSize }, device: device);

    /// <summary>Next-token logits [T·B, V] of a window of token ids [T, B], and the state [layers, B, S] after it.</summary>
    /// <param name="tokens">Token ids [T, B], int64.</param>
    /// <param name="state">The state before the window, [layers, B, S].</param>
    public override (Tensor Logits, Tensor State) forward(Tensor tokens, Tensor state)
    {
        var (logits, next, _, _) = ForwardWithActivations(tokens, state);
        return (logits, next);
    }

    /// <summary>
    /// The forward pass, also returning the last layer's outputs before and after the output dropout, [steps,
    /// batch, size]: what AWD's activation (AR) and temporal activation (TAR) regularisers penalise.
    /// </summary>
    /// <param name="tokens">Token ids [T, B], int64.</param>
    /// <param name="state">The state before the window, [layers, B, S].</param>
    public (Tensor Logits, Tensor State, Tensor Raw, Tensor Dropped) ForwardWithActivations(Tensor tokens, Tensor state)
    {
        long steps = tokens.shape[0], batch = tokens.shape[1];
        Tensor w = embedding;
        if (training && _options.EmbeddingDropout > 0)
        {
            using var keep = (1 - _options.EmbeddingDropout).ToScalar(); // held: a temporary Scalar may be freed mid-call
            w = embedding * empty(new[] { (long)Tokens, 1 }, device: embedding.device).bernoulli_(1 - _options.EmbeddingDropout).div_(keep);
        }
        var x = w.index_select(0, tokens.reshape(-1)).view(steps, batch, _options.Size);
        x = LockedDropout(x, _options.InputDropout);
        var states = new Tensor[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            var (output, next) = layers[l].call(x, state[l]);
            states[l] = next;
            x = l < layers.Count - 1 ? LockedDropout(output, _options.HiddenDropout) : output;
        }
        var raw = x;
        x = LockedDropout(x, _options.OutputDropout);
        var logits = nn.functional.linear(x.reshape(steps * batch, _options.Size), embedding, decoder_bias);
        return (logits, stack(states), raw, x);
    }

    /// <summary>One mask per sequence and unit, shared by every time step (variational dropout).</summary>
    private Tensor LockedDropout(Tensor x, double p)
    {
        if (!training || p == 0) return x;
        using var keep = (1 - p).ToScalar(); // held: a temporary Scalar may be freed mid-call
        var mask = empty(new[] { 1, x.shape[1], x.shape[2] }, device: x.device).bernoulli_(1 - p).div_(keep);
        return x * mask;
    }
}
