namespace Nas.Spaces.Macro;

/// <summary>One decoded layer of a macro architecture (1-based index; inputs are earlier layer indices, empty = the image).</summary>
public sealed record MacroLayer(int Index, int FilterHeight, int FilterWidth, int Filters, int Stride, IReadOnlyList<int> Inputs);
