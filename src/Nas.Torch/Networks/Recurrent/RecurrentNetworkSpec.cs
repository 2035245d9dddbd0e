using Nas.Torch.Statistics;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>A language model not built yet: build it, or count its parameters (built once, then freed).</summary>
public sealed class RecurrentNetworkSpec
{
    private readonly Func<int, int, double, RecurrentCell> _cell;
    private long? _parameters;

    public RecurrentNetworkSpec(int tokens, LanguageModelOptions options, Func<int, int, double, RecurrentCell> cell)
    {
        Tokens = tokens;
        Options = options;
        _cell = cell;
    }

    public int Tokens { get; }
    public LanguageModelOptions Options { get; }

    public RecurrentLanguageModel Build() => new(Tokens, Options, _cell);

    /// <summary>Trainable parameters of the built model, the tied embedding/decoder weight counted once.</summary>
    public long ParameterCount
    {
        get
        {
            if (_parameters is { } p) return p;
            using var scope = NewDisposeScope();
            using var model = Build();
            _parameters = ModelStatistics.Parameters(model);
            return _parameters.Value;
        }
    }
}
