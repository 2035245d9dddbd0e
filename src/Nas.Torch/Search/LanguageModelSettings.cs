using Nas.Search;
using Nas.Torch.Networks.Recurrent;

namespace Nas.Torch.Search;

/// <summary>Group <c>model</c>: the language model around a recurrent cell (its size and dropouts).</summary>
public static class LanguageModelSettings
{
    /// <summary>The settings with the defaults of a search's children.</summary>
    public static SettingGroup Group { get; } = new("model", "Language model", [
        Setting.Integer("hidden_size", 64, "embedding = hidden size (the decoder is tied to the embedding)", minimum: 1),
        Setting.Integer("rnn_layers", 1, "recurrent layers", minimum: 1, maximum: 8, advanced: true),
        Setting.Real("dropout_embedding", 0.1, "dropout of whole words from the embedding", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Real("dropout_input", 0.2, "locked dropout on the embedded input", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Real("dropout_hidden", 0.25, "dropout mask on the recurrent state (and between layers)", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Real("dropout_output", 0.4, "locked dropout before the decoder", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
    ]);

    /// <summary>The model's shape.</summary>
    public static LanguageModelOptions Read(SettingValues values) => new LanguageModelOptions(values.Integer("hidden_size"), values.Integer("rnn_layers"),
        values.Real("dropout_embedding"), values.Real("dropout_input"), values.Real("dropout_hidden"), values.Real("dropout_output")).Validated();
}
