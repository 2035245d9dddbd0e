using Nas.Torch.Training;

namespace Nas.Torch.Networks.Cells;

/// <summary>What <see cref="NetworkCifar"/> and <see cref="NetworkImageNet"/> share for training and inspection.</summary>
public interface ICellNetwork : IDropPathNetwork
{
    /// <summary>True when the network has an auxiliary head.</summary>
    bool HasAuxiliaryHead { get; }

    /// <summary>The parameter count without the auxiliary head (as DARTS reports it), and the head's apart.</summary>
    ParameterCount CountParameters();
}
