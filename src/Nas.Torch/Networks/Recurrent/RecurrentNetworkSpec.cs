using Nas.Torch.Statistics;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>A language model not built yet: build it, or count its parameters (built once, then freed).</summary>
public sealed class RecurrentNetworkSpec
{
    private readonly Func<int, int, double, RecurrentCell> _cell;
    private long? _parameters;
    private long? _multiplyAdds;

    /// <param name="tokens">Vocabulary size.</param>
    /// <param name="options">Size, layers and dropouts.</param>
    /// <param name="cell">Builds layer l's cell from (input size, hidden size, hidden dropout).</param>
    public RecurrentNetworkSpec(int tokens, LanguageModelOptions options, Func<int, int, double, RecurrentCell> cell)
    {
        Tokens = tokens;
        Options = options;
        _cell = cell;
    }

    /// <summary>V, the vocabulary size.</summary>
    public int Tokens { get; }
    /// <summary>Size, layers and dropouts.</summary>
    public LanguageModelOptions Options { get; }

    /// <summary>A new model with fresh weights (from libtorch's global generator).</summary>
    public RecurrentLanguageModel Build() => new(Tokens, Options, _cell);

    /// <summary>Trainable parameters of the built model, the tied embedding/decoder weight counted once.</summary>
    public long ParameterCount
    {
        get
        {
            Count();
            return _parameters!.Value;
        }
    }

    /// <summary>
    /// Multiply-adds per token: every weight matrix (every parameter of two or more dimensions) multiplies exactly
    /// one vector per token, in the cell (its input and recurrent weights, each DAG node's matrix) and in the
    /// decoder, whose weight is the tied embedding; the embedding lookup itself multiplies nothing, and biases add.
    /// </summary>
    public long MultiplyAddsPerToken
    {
        get
        {
            Count();
            return _multiplyAdds!.Value;
        }
    }

    private void Count()
    {
        if (_parameters is not null) return;
        using var scope = NewDisposeScope();
        using var model = Build();
        _parameters = ModelStatistics.Parameters(model);
        _multiplyAdds = model.parameters().Where(p => p.dim() >= 2).Sum(p => p.numel());
    }
}
