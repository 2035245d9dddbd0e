namespace Nas.Torch.Networks;

/// <summary>The layout of a cell network, as the DARTS reference builds it.</summary>
public enum NetworkKind
{
    /// <summary>One 3×3 stem at full resolution (CIFAR-10, Fashion-MNIST).</summary>
    Cifar,

    /// <summary>Two strided stems reducing the resolution by 8 (ImageNet, mobile setting).</summary>
    ImageNet,
}
