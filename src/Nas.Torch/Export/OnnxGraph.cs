using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Export;

/// <summary>
/// An ONNX graph being written from a network's modules: weights become initializers (float32), every node gets a
/// fresh name, and every value carries its static shape (<see cref="OnnxValue"/>) so exporters can resolve at export
/// time what TorchSharp decides at run time. <see cref="Module"/> writes TorchSharp's own layers and dispatches the
/// project's modules to their <see cref="IOnnxExportable"/>.
/// </summary>
public sealed class OnnxGraph
{
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

    /// <summary>The graph written so far.</summary>
    public GraphProto Proto { get; } = new() { Name = "nas" };

    /// <summary>A name not used before, from <paramref name="hint"/>.</summary>
    /// <param name="hint">What the value is (conv, relu, ...).</param>
    public string Fresh(string hint)
    {
        int n = _names.TryGetValue(hint, out var k) ? k + 1 : 0;
        _names[hint] = n;
        return $"{hint}_{n}";
    }

    /// <summary>Adds a weight as an initializer (float32, in the tensor's shape); returns its name.</summary>
    /// <param name="hint">What the weight is.</param>
    /// <param name="tensor">The weight (any device and float type; copied).</param>
    public string Initializer(string hint, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        var values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        return Initializer(hint, values, tensor.shape);
    }

    /// <summary>Adds float32 values of shape <paramref name="shape"/> as an initializer; returns its name.</summary>
    /// <param name="hint">What the values are.</param>
    /// <param name="values">The values, row-major.</param>
    /// <param name="shape">Their shape.</param>
    public string Initializer(string hint, float[] values, params long[] shape)
    {
        string name = Fresh(hint);
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        proto.Dims.AddRange(shape);
        Proto.Initializer.Add(proto);
        return name;
    }

    /// <summary>Adds int64 values (shapes, pads, axes) as an initializer; returns its name.</summary>
    /// <param name="hint">What the values are.</param>
    /// <param name="values">The values, a vector.</param>
    public string Integers(string hint, params long[] values)
    {
        string name = Fresh(hint);
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        proto.Dims.Add(values.Length);
        Proto.Initializer.Add(proto);
        return name;
    }

    /// <summary>Adds a node of type <paramref name="op"/> with one output; returns the output's name.</summary>
    /// <param name="op">The ONNX operator (opset <see cref="OnnxExport.Opset"/>).</param>
    /// <param name="inputs">Its inputs' names, in the operator's order.</param>
    /// <param name="attributes">Its attributes.</param>
    public string Node(string op, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        string output = Fresh(op.ToLowerInvariant());
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return output;
    }

    /// <summary>An attribute of integers.</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="values">Its values.</param>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>An attribute of one integer.</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Its value.</param>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An attribute of one float.</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Its value.</param>
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>
    /// Writes <paramref name="module"/> applied to <paramref name="input"/>: the project's modules through
    /// <see cref="IOnnxExportable"/>, TorchSharp's convolutions, batch norms, ReLU, pooling, linear layers,
    /// sequences and identities itself; anything else is refused with its type named.
    /// </summary>
    /// <param name="module">The module.</param>
    /// <param name="input">Its input.</param>
    public OnnxValue Module(nn.Module module, OnnxValue input)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module switch
        {
            IOnnxExportable e => e.ExportOnnx(this, input),
            Conv2d conv => Conv(conv, input),
            BatchNorm2d bn => BatchNorm(bn, input),
            ReLU => Relu(input),
            MaxPool2d p => MaxPool(input, p.kernel_size, p.stride ?? p.kernel_size, p.padding ?? [0, 0], p.ceil_mode),
            AvgPool2d p => AveragePool(input, p.kernel_size, p.stride ?? p.kernel_size, p.padding ?? [0, 0], p.ceil_mode, p.count_include_pad),
            Linear linear => Linear(linear, input),
            Sequential sequence => Sequence(sequence, input),
            TorchSharp.Modules.Identity => input,
            _ => throw new NotSupportedException($"ONNX export does not know the module {module.GetType().Name} ({module.GetName()})"),
        };
    }

    private OnnxValue Sequence(Sequential sequence, OnnxValue input)
    {
        var x = input;
        foreach (var (_, child) in sequence.named_children()) x = Module(child, x);
        return x;
    }

    /// <summary>A 2-D convolution (any stride, padding, dilation and groups; zero padding only).</summary>
    /// <param name="conv">The convolution.</param>
    /// <param name="input">Its input.</param>
    public OnnxValue Conv(Conv2d conv, OnnxValue input)
    {
        ArgumentNullException.ThrowIfNull(conv);
        if (conv.padding_mode != TorchSharp.PaddingModes.Zeros) throw new NotSupportedException($"ONNX export writes zero-padded convolutions, not {conv.padding_mode}");
        if (conv.padding_type is not null) throw new NotSupportedException("ONNX export writes convolutions with explicit padding");
        var (k, s, p, d) = (conv.kernel_size, conv.stride, conv.padding!, conv.dilation);
        var inputs = new List<string> { input.Name, Initializer("weight", conv.weight!) };
        if (conv.bias is { } bias) inputs.Add(Initializer("bias", bias));
        string output = Node("Conv", inputs, Ints("kernel_shape", k), Ints("strides", s), Ints("pads", p[0], p[1], p[0], p[1]),
            Ints("dilations", d), Int("group", conv.groups));
        return new OnnxValue(output, conv.out_channels, Out(input.Height, k[0], s[0], p[0], d[0], false), Out(input.Width, k[1], s[1], p[1], d[1], false));
    }

    /// <summary>A batch norm in inference mode (its running statistics; scale 1 and shift 0 when it learns none).</summary>
    /// <param name="bn">The batch norm.</param>
    /// <param name="input">Its input.</param>
    public OnnxValue BatchNorm(BatchNorm2d bn, OnnxValue input)
    {
        ArgumentNullException.ThrowIfNull(bn);
        var mean = bn.running_mean ?? throw new NotSupportedException("ONNX export needs batch norms that track running statistics");
        int c = (int)mean.shape[0];
        string scale = bn.weight is { } w ? Initializer("bn_scale", w) : Initializer("bn_scale", Enumerable.Repeat(1f, c).ToArray(), c);
        string shift = bn.bias is { } b ? Initializer("bn_shift", b) : Initializer("bn_shift", new float[c], c);
        string output = Node("BatchNormalization", [input.Name, scale, shift, Initializer("bn_mean", mean), Initializer("bn_var", bn.running_var!)],
            Float("epsilon", (float)bn.eps));
        return input with { Name = output };
    }

    /// <summary>ReLU.</summary>
    /// <param name="input">Its input.</param>
    public OnnxValue Relu(OnnxValue input) => input with { Name = Node("Relu", [input.Name]) };

    /// <summary>The elementwise sum of two values of one shape.</summary>
    /// <param name="a">One.</param>
    /// <param name="b">The other.</param>
    public OnnxValue Add(OnnxValue a, OnnxValue b) => a with { Name = Node("Add", [a.Name, b.Name]) };

    /// <summary>Max pooling.</summary>
    /// <param name="input">Its input.</param>
    /// <param name="kernel">Kernel height and width.</param>
    /// <param name="stride">Strides.</param>
    /// <param name="padding">Padding on each side (height, width).</param>
    /// <param name="ceil">Whether the output size rounds up (PyTorch's ceil_mode).</param>
    public OnnxValue MaxPool(OnnxValue input, long[] kernel, long[] stride, long[] padding, bool ceil)
    {
        var (k, s, p) = (Pair(kernel), Pair(stride), Pair(padding));
        string output = Node("MaxPool", [input.Name], Ints("kernel_shape", k), Ints("strides", s), Ints("pads", p[0], p[1], p[0], p[1]), Int("ceil_mode", ceil ? 1 : 0));
        return new OnnxValue(output, input.Channels, Out(input.Height, k[0], s[0], p[0], 1, ceil), Out(input.Width, k[1], s[1], p[1], 1, ceil));
    }

    /// <summary>Average pooling.</summary>
    /// <param name="input">Its input.</param>
    /// <param name="kernel">Kernel height and width.</param>
    /// <param name="stride">Strides.</param>
    /// <param name="padding">Padding on each side (height, width).</param>
    /// <param name="ceil">Whether the output size rounds up (PyTorch's ceil_mode).</param>
    /// <param name="countPadding">Whether padded pixels count in the average.</param>
    public OnnxValue AveragePool(OnnxValue input, long[] kernel, long[] stride, long[] padding, bool ceil, bool countPadding)
    {
        var (k, s, p) = (Pair(kernel), Pair(stride), Pair(padding));
        string output = Node("AveragePool", [input.Name], Ints("kernel_shape", k), Ints("strides", s), Ints("pads", p[0], p[1], p[0], p[1]),
            Int("ceil_mode", ceil ? 1 : 0), Int("count_include_pad", countPadding ? 1 : 0));
        return new OnnxValue(output, input.Channels, Out(input.Height, k[0], s[0], p[0], 1, ceil), Out(input.Width, k[1], s[1], p[1], 1, ceil));
    }

    /// <summary>Global average pooling, flattened to [batch, channels].</summary>
    /// <param name="input">Its input.</param>
    public OnnxValue GlobalAveragePoolFlat(OnnxValue input)
    {
        string pooled = Node("GlobalAveragePool", [input.Name]);
        return new OnnxValue(Node("Flatten", [pooled], Int("axis", 1)), input.Channels, 1, 1);
    }

    /// <summary>Adaptive max pooling to <paramref name="height"/> x <paramref name="width"/>, PyTorch's windows (from
    /// floor(i·H/h) to ceil((i+1)·H/h)): one MaxPool where those windows are evenly spaced and of one size; otherwise
    /// the maximum over each window's rows, then over each window's columns (a max over a rectangle is both).</summary>
    /// <param name="input">Its input.</param>
    /// <param name="height">Output height.</param>
    /// <param name="width">Output width.</param>
    public OnnxValue AdaptiveMaxPool(OnnxValue input, long height, long width)
    {
        if (Even(input.Height, height) is var (kh, sh) && Even(input.Width, width) is var (kw, sw))
            return MaxPool(input, [kh, kw], [sh, sw], [0, 0], false);
        var rows = AdaptiveMax(input, 2, input.Height, height);
        return AdaptiveMax(rows, 3, input.Width, width);
    }

    // Adaptive max pooling along one axis (2: height, 3: width), window by window.
    private OnnxValue AdaptiveMax(OnnxValue input, long axis, long n, long m)
    {
        if (n == m) return input;
        var parts = new List<string>();
        for (long i = 0; i < m; i++)
        {
            string window = Node("Slice", [input.Name, Integers("starts", i * n / m), Integers("ends", ((i + 1) * n + m - 1) / m), Integers("axes", axis)]);
            parts.Add(Node("ReduceMax", [window], Ints("axes", axis), Int("keepdims", 1)));
        }
        string output = parts.Count == 1 ? parts[0] : Node("Concat", parts, Int("axis", axis));
        return axis == 2 ? input with { Name = output, Height = m } : input with { Name = output, Width = m };
    }

    // The kernel and stride of adaptive pooling from n to m when every window has one size and one step, else null.
    private static (long Kernel, long Stride)? Even(long n, long m)
    {
        if (m == n) return (1, 1);
        long Start(long i) => i * n / m;
        long End(long i) => ((i + 1) * n + m - 1) / m;
        long kernel = End(0) - Start(0), stride = m > 1 ? Start(1) - Start(0) : 1;
        for (long i = 0; i < m; i++)
            if (End(i) - Start(i) != kernel || Start(i) != i * stride) return null;
        return (kernel, stride);
    }

    /// <summary>Zero padding of height and width.</summary>
    /// <param name="input">Its input.</param>
    /// <param name="top">Rows above.</param>
    /// <param name="bottom">Rows below.</param>
    /// <param name="left">Columns on the left.</param>
    /// <param name="right">Columns on the right.</param>
    public OnnxValue Pad(OnnxValue input, long top, long bottom, long left, long right)
    {
        if (top == 0 && bottom == 0 && left == 0 && right == 0) return input;
        string output = Node("Pad", [input.Name, Integers("pads", 0, 0, top, left, 0, 0, bottom, right)]);
        return new OnnxValue(output, input.Channels, input.Height + top + bottom, input.Width + left + right);
    }

    /// <summary>Channels concatenated (same height and width).</summary>
    /// <param name="inputs">The values, in order.</param>
    public OnnxValue Concat(IReadOnlyList<OnnxValue> inputs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(inputs.Count, nameof(inputs));
        if (inputs.Count == 1) return inputs[0];
        string output = Node("Concat", inputs.Select(v => v.Name), Int("axis", 1));
        return new OnnxValue(output, inputs.Sum(v => v.Channels), inputs[0].Height, inputs[0].Width);
    }

    /// <summary>A part of the height and width: rows and columns from the given starts, every <paramref name="step"/>-th.</summary>
    /// <param name="input">Its input.</param>
    /// <param name="top">First row.</param>
    /// <param name="left">First column.</param>
    /// <param name="step">Step in both.</param>
    public OnnxValue Crop(OnnxValue input, long top, long left, long step)
    {
        string output = Node("Slice", [input.Name, Integers("starts", top, left), Integers("ends", input.Height, input.Width), Integers("axes", 2, 3), Integers("steps", step, step)]);
        return new OnnxValue(output, input.Channels, (input.Height - top + step - 1) / step, (input.Width - left + step - 1) / step);
    }

    /// <summary>A linear layer on [batch, features].</summary>
    /// <param name="linear">The layer.</param>
    /// <param name="input">Its input, flattened.</param>
    public OnnxValue Linear(Linear linear, OnnxValue input)
    {
        ArgumentNullException.ThrowIfNull(linear);
        var inputs = new List<string> { input.Name, Initializer("fc_weight", linear.weight!) };
        if (linear.bias is { } bias) inputs.Add(Initializer("fc_bias", bias));
        return new OnnxValue(Node("Gemm", inputs, Int("transB", 1)), linear.out_features, 1, 1);
    }

    /// <summary>The value times a constant.</summary>
    /// <param name="input">Its input.</param>
    /// <param name="factor">The constant.</param>
    public OnnxValue Scale(OnnxValue input, float factor) => input with { Name = Node("Mul", [input.Name, Initializer("factor", [factor])]) };

    /// <summary>The channel-wise affine map (x − mean) / std, for the input normalisation.</summary>
    /// <param name="input">Its input.</param>
    /// <param name="mean">Each channel's mean.</param>
    /// <param name="std">Each channel's standard deviation.</param>
    public OnnxValue Normalize(OnnxValue input, float[] mean, float[] std)
    {
        string centred = Node("Sub", [input.Name, Initializer("mean", mean, 1, mean.Length, 1, 1)]);
        return input with { Name = Node("Div", [centred, Initializer("std", std, 1, std.Length, 1, 1)]) };
    }

    private static long[] Pair(long[] values) => values.Length == 1 ? [values[0], values[0]] : values;

    // PyTorch's output size; in ceil mode the last window must start inside the input or its left padding.
    private static long Out(long n, long k, long s, long p, long d, bool ceil)
    {
        long span = n + 2 * p - d * (k - 1) - 1;
        long o = (ceil ? (span + s - 1) / s : span / s) + 1;
        if (ceil && (o - 1) * s >= n + p) o--;
        return o;
    }
}
