using Nas.Torch.Statistics;
using static TorchSharp.torch;

namespace Nas.Torch.Proxies;

/// <summary>
/// The natural log of the network's parameter count (<see cref="ModelStatistics.Count"/>: a cell network's auxiliary
/// head left out): the baseline every zero-cost proxy must beat (White et al. 2022 find most do not, on most tasks).
/// </summary>
public sealed class ParameterCountProxy : IZeroCostProxy
{
    /// <summary>The catalog name, <c>params</c>.</summary>
    public const string ProxyName = "params";

    /// <inheritdoc />
    public string Name => ProxyName;

    /// <inheritdoc />
    public string Description => "log of the parameter count (auxiliary head excluded): the baseline; needs no data";

    /// <inheritdoc />
    public double Score(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Math.Log(ModelStatistics.Count(model).Network);
    }
}
