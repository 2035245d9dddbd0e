using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Nas.Torch.Data;
using Nas.Torch.Export;
using Nas.Torch.Networks;

namespace Nas.Torch.Prediction;

/// <summary>An exported model (<see cref="OnnxExport"/>) run by ONNX Runtime; its shape, classes and data set from the file.</summary>
public sealed class OnnxPredictor : IPredictor
{
    private readonly InferenceSession _session;
    private readonly string _path;

    /// <summary>Opens <paramref name="path"/>; a file that is not a model of <c>nas export</c> is a <see cref="NasUserException"/>.</summary>
    /// <param name="path">The .onnx file.</param>
    public OnnxPredictor(string path)
    {
        try { _session = new InferenceSession(path); }
        catch (OnnxRuntimeException e) { throw new NasUserException($"{path}: not an ONNX model ONNX Runtime can load ({e.Message.Split('\n')[0]})", e); }
        _path = path;
        if (!_session.InputMetadata.TryGetValue(OnnxExport.Input, out var input) || input.Dimensions.Length != 4
            || !_session.OutputMetadata.TryGetValue(OnnxExport.Probabilities, out var output) || output.Dimensions.Length != 2)
        {
            _session.Dispose();
            throw new NasUserException($"{path}: not a model of nas export (it needs an input '{OnnxExport.Input}' [batch, C, H, W] and an output '{OnnxExport.Probabilities}' [batch, classes])");
        }
        var d = input.Dimensions;
        Input = new InputShape(d[1], d[2], d[3], output.Dimensions[1]);
        var metadata = _session.ModelMetadata.CustomMetadataMap;
        ClassNames = DatasetCatalog.ClassNames(metadata.TryGetValue("nas.dataset", out var dataset) ? dataset : "", Input.Classes);
    }

    /// <inheritdoc/>
    public InputShape Input { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames { get; }

    /// <inheritdoc/>
    public string Description => $"ONNX Runtime, {_path}";

    /// <inheritdoc/>
    public float[] Probabilities(float[] pixels, int count)
    {
        var images = new DenseTensor<float>(pixels, [count, Input.Channels, Input.Height, Input.Width]);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.Input, images)], [OnnxExport.Probabilities]);
        return results[0].AsEnumerable<float>().ToArray();
    }

    /// <summary>Frees the session.</summary>
    public void Dispose() => _session.Dispose();
}
