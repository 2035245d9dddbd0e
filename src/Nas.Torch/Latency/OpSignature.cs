using System.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Latency;

/// <summary>
/// What makes two op calls take the same time: the module's type, its input and output shapes, its parameters' shapes
/// and, for convolutions and pooling, the settings the shapes do not show (kernel, stride, padding, dilation, groups).
/// </summary>
public static class OpSignature
{
    /// <summary>The op's key in a <see cref="LatencyTable"/>.</summary>
    /// <param name="module">The leaf module called.</param>
    /// <param name="input">Its input's shape.</param>
    /// <param name="output">Its output's shape.</param>
    public static string Of(nn.Module module, long[] input, long[] output)
    {
        ArgumentNullException.ThrowIfNull(module);
        var key = new StringBuilder(module.GetType().Name);
        key.Append(" in ").AppendJoin('x', input).Append(" out ").AppendJoin('x', output);
        foreach (var (name, p) in module.named_parameters(recurse: false)) key.Append(' ').Append(name).Append(' ').AppendJoin('x', p.shape);
        switch (module)
        {
            case Convolution c:
                key.Append(" k ").AppendJoin('x', c.kernel_size).Append(" s ").AppendJoin('x', c.stride)
                    .Append(" p ").AppendJoin('x', c.padding ?? []).Append(" d ").AppendJoin('x', c.dilation).Append(" g ").Append(c.groups);
                break;
            case MaxPool2d m:
                key.Append(" k ").AppendJoin('x', m.kernel_size).Append(" s ").AppendJoin('x', m.stride ?? []).Append(" p ").AppendJoin('x', m.padding ?? []);
                break;
            case AvgPool2d a:
                key.Append(" k ").AppendJoin('x', a.kernel_size).Append(" s ").AppendJoin('x', a.stride ?? []).Append(" p ").AppendJoin('x', a.padding ?? [])
                    .Append(a.count_include_pad ? " incl" : " excl");
                break;
        }
        return key.ToString();
    }
}
