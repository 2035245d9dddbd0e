namespace Nas.Torch.Export;

/// <summary>
/// A module that writes itself into an ONNX graph in inference mode (batch norm with its running statistics, drop
/// path and auxiliary heads off). TorchSharp has no ONNX export, so every module of the project's networks that is
/// not one of TorchSharp's own layers (<see cref="OnnxGraph.Module"/> knows those) says here what it computes.
/// </summary>
public interface IOnnxExportable
{
    /// <summary>Adds the module's computation on <paramref name="input"/> to <paramref name="graph"/>; returns its output.</summary>
    /// <param name="graph">The graph being written.</param>
    /// <param name="input">The module's input.</param>
    OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input);
}
