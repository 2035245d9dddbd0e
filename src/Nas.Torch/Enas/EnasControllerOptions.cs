using Nas.Torch.Controllers;

namespace Nas.Torch.Enas;

/// <summary>
/// Settings of the <see cref="EnasController"/>. The defaults per space are in <see cref="ForMicro"/> and
/// <see cref="ForMacro"/>, from ENAS's CIFAR-10 search scripts (melodyguan/enas).
/// </summary>
/// <param name="Sampling">The LSTM controller's sizes, temperature, tanh constant and skip penalty.</param>
/// <param name="LearningRate">Adam's learning rate (ENAS micro: 3.5e-3, macro: 1e-3).</param>
/// <param name="BaselineDecay">The reward baseline's moving-average decay (ENAS: 0.99).</param>
/// <param name="EntropyWeight">Weight of the entropy bonus (ENAS: 1e-4).</param>
public sealed record EnasControllerOptions(ControllerOptions Sampling, double LearningRate, double BaselineDecay = 0.99, double EntropyWeight = 1e-4)
{
    /// <summary>
    /// ENAS micro: a 64-unit LSTM, temperature 5, tanh constant 1.1 (ENAS divides it further by 2.5 for
    /// the op logits, <c>op_tanh_reduce</c>; our controller has one constant for all heads), learning rate 3.5e-3.
    /// </summary>
    public static EnasControllerOptions ForMicro() => new(new ControllerOptions(HiddenSize: 64, Temperature: 5.0, TanhConstant: 1.1), 3.5e-3);

    /// <summary>
    /// ENAS macro: a 64-unit LSTM, no temperature, tanh constant 1.5, skip penalty weight 0.8 towards a
    /// density of 0.4, learning rate 1e-3.
    /// </summary>
    public static EnasControllerOptions ForMacro() => new(new ControllerOptions(HiddenSize: 64, TanhConstant: 1.5, SkipTarget: 0.4, SkipWeight: 0.8), 1e-3);

    /// <summary>
    /// ENAS over recurrent cells (the reference's Penn Treebank search, carpedm20/ENAS-pytorch): a 100-unit LSTM,
    /// temperature 5, tanh constant 2.5, learning rate 3.5e-4, baseline decay 0.95, entropy weight 1e-4.
    /// </summary>
    public static EnasControllerOptions ForRecurrent() => new(new ControllerOptions(HiddenSize: 100, Temperature: 5.0, TanhConstant: 2.5), 3.5e-4, BaselineDecay: 0.95);

    /// <summary>Checks the settings; throws <see cref="NasUserException"/> naming the bad one.</summary>
    public EnasControllerOptions Validated()
    {
        Sampling.Validated();
        if (!(LearningRate > 0)) throw new NasUserException($"enas: controller learning rate must be positive, got {LearningRate}");
        if (BaselineDecay is < 0 or >= 1) throw new NasUserException($"enas: baseline decay must be in [0, 1), got {BaselineDecay}");
        if (EntropyWeight < 0) throw new NasUserException($"enas: entropy weight must not be negative, got {EntropyWeight}");
        return this;
    }
}
