using Google.Protobuf;
using Nas.Torch.Data;
using Nas.Torch.Final;
using Nas.Torch.Networks;
using Onnx;
using static TorchSharp.torch;

namespace Nas.Torch.Export;

/// <summary>
/// A trained image network as a standard ONNX model: input <c>image</c> [batch, C, H, W] (float32 pixels in [0, 1],
/// the batch dimension dynamic), the training data's normalisation inside the graph, outputs <c>logits</c> and
/// <c>probabilities</c> [batch, classes]; inference mode (batch norm with its running statistics, drop path and
/// auxiliary heads off). Written from the network's own modules (<see cref="IOnnxExportable"/>): TorchSharp has no
/// ONNX export.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the graphs use.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version written (the one that goes with opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>The graph's input name.</summary>
    public const string Input = "image";

    /// <summary>The graph's output of class scores before the softmax.</summary>
    public const string Logits = "logits";

    /// <summary>The graph's output of class probabilities.</summary>
    public const string Probabilities = "probabilities";

    /// <summary>The model of <paramref name="network"/> for inputs of <paramref name="shape"/>.</summary>
    /// <param name="network">The network (left in its training mode; only its weights and statistics are read).</param>
    /// <param name="shape">The input's shape and the classes.</param>
    /// <param name="normalization">The normalisation the network was trained with, written into the graph; null when its inputs come normalised.</param>
    /// <param name="metadata">Key-value facts stored in the model (architecture, data set, test accuracy, ...).</param>
    /// <param name="testTimeFlip">Whether the probabilities are the mean of each image's and its left-right mirror's, as
    /// the training measured its test accuracy (the logits are then the log of that mean).</param>
    public static ModelProto Export(nn.Module<Tensor, Tensor> network, InputShape shape, Normalization? normalization = null, IReadOnlyDictionary<string, string>? metadata = null, bool testTimeFlip = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(shape);
        if (normalization is not null && normalization.Channels != shape.Channels)
            throw new ArgumentException($"the normalisation has {normalization.Channels} channels, the input {shape.Channels}", nameof(normalization));
        var graph = new OnnxGraph();
        var x = new OnnxValue(Input, shape.Channels, shape.Height, shape.Width);
        if (normalization is not null) x = graph.Normalize(x, normalization.Mean, normalization.Std);
        if (testTimeFlip)
        {
            // The images and their mirrors in one batch of 2N: the weights are written once.
            string mirrored = graph.Node("Slice", [x.Name, graph.Integers("starts", -1), graph.Integers("ends", -x.Width - 1), graph.Integers("axes", 3), graph.Integers("steps", -1)]);
            x = x with { Name = graph.Node("Concat", [x.Name, mirrored], OnnxGraph.Int("axis", 0)) };
        }
        using (no_grad()) x = graph.Module(network, x);
        if (x.Height != 1 || x.Width != 1 || x.Channels != shape.Classes)
            throw new InvalidOperationException($"the exported network ends in {x.Channels}x{x.Height}x{x.Width}, not {shape.Classes} class scores");
        var proto = graph.Proto;
        string logits = x.Name, probabilities = graph.Node("Softmax", [x.Name], OnnxGraph.Int("axis", 1));
        if (testTimeFlip)
        {
            string pairs = graph.Node("Reshape", [probabilities, graph.Integers("shape", 2, -1, shape.Classes)]);
            probabilities = graph.Node("ReduceMean", [pairs], OnnxGraph.Ints("axes", 0), OnnxGraph.Int("keepdims", 0));
            logits = graph.Node("Log", [probabilities]);
        }
        proto.Node.Add(Rename(proto, logits, Logits));
        proto.Node.Add(Rename(proto, probabilities, Probabilities));
        proto.Input.Add(Value(Input, shape.Channels, shape.Height, shape.Width));
        proto.Output.Add(Value(Logits, shape.Classes));
        proto.Output.Add(Value(Probabilities, shape.Classes));
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "nas",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "",
            Graph = proto,
            DocString = "Image classifier found and trained by nas. Input: float32 NCHW pixels in [0, 1]; the normalisation is inside the graph.",
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        if (normalization is not null)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = "nas.normalization.mean", Value = string.Join(",", normalization.Mean.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) });
            model.MetadataProps.Add(new StringStringEntryProto { Key = "nas.normalization.std", Value = string.Join(",", normalization.Std.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) });
        }
        model.MetadataProps.Add(new StringStringEntryProto { Key = "nas.test_time_flip", Value = testTimeFlip ? "true" : "false" });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "nas.input", Value = $"float32 [batch, {shape.Channels}, {shape.Height}, {shape.Width}], pixels scaled to [0, 1]" });
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    /// <summary>The model of a finished training, with its architecture, data set and test accuracy in the metadata.</summary>
    /// <param name="trained">The training's model (<see cref="TrainedModel.Load"/>).</param>
    public static ModelProto Export(TrainedModel trained)
    {
        ArgumentNullException.ThrowIfNull(trained);
        var metadata = new Dictionary<string, string>
        {
            ["nas.architecture"] = trained.Architecture.ToJson(indented: false),
            ["nas.dataset"] = trained.Dataset,
            ["nas.classes"] = trained.Input.Classes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (trained.TestAccuracy is { } accuracy) metadata["nas.test_accuracy"] = accuracy.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return Export(trained.Network, trained.Input, trained.Normalization, metadata, trained.TestTimeFlip);
    }

    /// <summary>
    /// Writes the finished training in <paramref name="directory"/> as ONNX to <paramref name="path"/> (default: its
    /// <see cref="FileName"/>); an existing file is replaced only when <paramref name="overwrite"/> is set. Returns the path.
    /// </summary>
    /// <param name="directory">The directory of a <c>nas train</c> or <c>nas auto</c> run.</param>
    /// <param name="path">Where to write, or null for the directory's model.onnx.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    public static string Write(string directory, string? path = null, bool overwrite = false)
    {
        path ??= Path.Combine(directory, FileName);
        if (File.Exists(path) && !overwrite) throw new NasUserException($"{path} exists: give another --out or --overwrite");
        if (Directory.Exists(path)) throw new NasUserException($"{path} is a directory: --out takes a file name");
        using var scope = NewDisposeScope();
        using var trained = TrainedModel.Load(directory);
        var bytes = Bytes(Export(trained));
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>The export's file name in a training's directory.</summary>
    public const string FileName = "model.onnx";

    /// <summary>The serialised model (what an .onnx file holds).</summary>
    /// <param name="model">The model.</param>
    public static byte[] Bytes(ModelProto model) => model.ToByteArray();

    // An Identity node that gives the graph's output its public name.
    private static NodeProto Rename(GraphProto graph, string from, string to)
    {
        var node = new NodeProto { OpType = "Identity", Name = to };
        node.Input.Add(from);
        node.Output.Add(to);
        return node;
    }

    // A float32 value of shape [batch, dims...], the batch dimension named and dynamic.
    private static ValueInfoProto Value(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (long d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } } };
    }
}
