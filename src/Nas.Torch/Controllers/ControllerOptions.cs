namespace Nas.Torch.Controllers;

/// <summary>
/// Settings of the <see cref="LstmController"/>.
/// </summary>
/// <param name="HiddenSize">LSTM hidden size, also the size of the choice embeddings (NAS-RL: 35 per layer; ENAS macro: 32 in two layers; 100 here).</param>
/// <param name="LstmLayers">Stacked LSTM cells: 1 or 2.</param>
/// <param name="Temperature">Divides the logits of the linear heads before the tanh; null leaves them as they are (ENAS micro: 5).</param>
/// <param name="TanhConstant">c in <c>c * tanh(logits)</c>, bounding the logits of the linear heads; null for none (ENAS macro: 1.5, micro: 2.5).</param>
/// <param name="SkipTarget">The density of skip connections the KL penalty pulls towards (ENAS: 0.4).</param>
/// <param name="SkipWeight">Weight of the KL penalty on the anchor-attention decisions; 0 turns it off (ENAS: 0.8).</param>
/// <param name="InitRange">Every parameter starts uniform in [-InitRange, InitRange] (ENAS: 0.1).</param>
public sealed record ControllerOptions(
    int HiddenSize = 100,
    int LstmLayers = 1,
    double? Temperature = null,
    double? TanhConstant = null,
    double SkipTarget = 0.4,
    double SkipWeight = 0.0,
    double InitRange = 0.1)
{
    /// <summary>Checks the settings; throws <see cref="NasUserException"/> naming the bad one.</summary>
    public ControllerOptions Validated()
    {
        if (HiddenSize < 1) throw new NasUserException($"controller: hidden size must be positive, got {HiddenSize}");
        if (LstmLayers is < 1 or > 2) throw new NasUserException($"controller: LSTM layers must be 1 or 2, got {LstmLayers}");
        if (Temperature is <= 0) throw new NasUserException($"controller: temperature must be positive, got {Temperature}");
        if (TanhConstant is <= 0) throw new NasUserException($"controller: tanh constant must be positive, got {TanhConstant}");
        if (SkipTarget is <= 0 or >= 1) throw new NasUserException($"controller: skip target must be between 0 and 1, got {SkipTarget}");
        if (SkipWeight < 0) throw new NasUserException($"controller: skip weight must not be negative, got {SkipWeight}");
        if (InitRange <= 0) throw new NasUserException($"controller: init range must be positive, got {InitRange}");
        return this;
    }
}
