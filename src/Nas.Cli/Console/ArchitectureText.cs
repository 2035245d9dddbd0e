using Nas.Architectures;
using Nas.Spaces.Macro;

namespace Nas.Cli.Console;

/// <summary>Short one-line descriptions of architectures for tables.</summary>
internal static class ArchitectureText
{
    /// <summary>Macro: <c>3x5/36 1x7/24&lt;1 ...</c> (kernel/filters, &lt;inputs); other spaces: their decision values.</summary>
    public static string Short(Architecture a)
    {
        if (a.Space.Name == MacroSpace.Name)
        {
            var g = MacroSpace.Decode(a);
            return string.Join(" ", g.Layers.Select(l =>
                $"{l.FilterHeight}x{l.FilterWidth}/{l.Filters}{(l.Stride > 1 ? "s" + l.Stride : "")}{(l.Inputs.Count > 0 && !(l.Inputs.Count == 1 && l.Inputs[0] == l.Index - 1) ? "<" + string.Join(",", l.Inputs) : l.Inputs.Count == 0 && l.Index > 1 ? "<img" : "")}"));
        }
        return a.ToString();
    }
}
