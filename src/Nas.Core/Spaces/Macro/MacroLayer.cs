namespace Nas.Spaces.Macro;

/// <summary>One decoded layer of a macro architecture (1-based index; inputs are earlier layer indices, empty = the image).</summary>
/// <param name="Index">The layer, from 1.</param>
/// <param name="FilterHeight">Kernel height.</param>
/// <param name="FilterWidth">Kernel width.</param>
/// <param name="Filters">Output channels.</param>
/// <param name="Stride">Stride, 1 or 2.</param>
/// <param name="Inputs">Earlier layers (from 1) concatenated as its input; empty reads the image.</param>
public sealed record MacroLayer(int Index, int FilterHeight, int FilterWidth, int Filters, int Stride, IReadOnlyList<int> Inputs);
