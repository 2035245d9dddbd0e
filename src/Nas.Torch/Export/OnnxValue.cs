namespace Nas.Torch.Export;

/// <summary>
/// A value of an ONNX graph being written: its name and its static shape per example (the batch dimension is the
/// graph's dynamic one). Exporters need the shapes for what ONNX cannot compute at run time the way TorchSharp does
/// (adaptive pooling, padding to a common size).
/// </summary>
/// <param name="Name">The value's name in the graph.</param>
/// <param name="Channels">Channels (features, for a flattened value).</param>
/// <param name="Height">Height in pixels (1 for a flattened value).</param>
/// <param name="Width">Width in pixels (1 for a flattened value).</param>
public sealed record OnnxValue(string Name, long Channels, long Height, long Width);
