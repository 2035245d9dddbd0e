namespace Nas.Torch.OneShot;

/// <summary>The cost SNAS's resource penalty measures, per candidate op of every edge.</summary>
public enum ResourceKind
{
    /// <summary>Trainable parameters of the op.</summary>
    Params,
    /// <summary>Multiply-adds of one forward pass of one example.</summary>
    Madds,
    /// <summary>Memory access: elements read and written (input, output, parameters); 0 for none and identity.</summary>
    Mac,
}
