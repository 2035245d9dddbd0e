using Nas.Torch.Export;
using Nas.Spaces.Cells;
using Nas.Torch.Ops;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Cells;

/// <summary>
/// The cells of an evaluation network, laid out as DARTS does: reduction cells at layers/3 and
/// 2·layers/3, where C doubles; each cell reads the two previous outputs.
/// </summary>
internal sealed class CellStack
{
    public CellStack(Genotype genotype, int stemChannels, int channels, int layers, bool reductionPrev, OpRegistry? ops)
    {
        int prevPrev = stemChannels, prev = stemChannels, current = channels;
        var cells = new List<Cell>();
        for (int i = 0; i < layers; i++)
        {
            bool reduction = IsReduction(i, layers);
            if (reduction) current *= 2;
            var cell = new Cell(genotype, prevPrev, prev, current, reduction, reductionPrev, ops);
            cells.Add(cell);
            reductionPrev = reduction;
            (prevPrev, prev) = (prev, cell.OutputChannels);
            if (i == AuxiliaryAfter(layers)) AuxiliaryChannels = prev;
        }
        Cells = new ModuleList<Cell>(cells.ToArray());
        OutputChannels = prev;
    }

    public ModuleList<Cell> Cells { get; }
    public int OutputChannels { get; }
    public int AuxiliaryChannels { get; }

    public static bool IsReduction(int cell, int layers) => cell == layers / 3 || cell == 2 * layers / 3;

    /// <summary>The cell after which the auxiliary head reads: the second reduction cell, 2·layers/3.</summary>
    public static int AuxiliaryAfter(int layers) => 2 * layers / 3;

    /// <summary>Runs the cells; returns the last output and the output of cell <see cref="AuxiliaryAfter"/>.</summary>
    public (Tensor Last, Tensor AfterAuxiliaryCell) Forward(Tensor s0, Tensor s1)
    {
        Tensor? atAux = null;
        int layers = Cells.Count;
        for (int i = 0; i < layers; i++)
        {
            (s0, s1) = (s1, Cells[i].call(s0, s1));
            if (i == AuxiliaryAfter(layers)) atAux = s1;
        }
        return (s1, atAux!);
    }

    public static void Check(int channels, int classes, int layers, int inputChannels)
    {
        if (channels < 1) throw new NasUserException($"cell network: channels must be positive, got {channels}");
        if (classes < 1) throw new NasUserException($"cell network: classes must be positive, got {classes}");
        if (layers < 1) throw new NasUserException($"cell network: layers must be positive, got {layers}");
        if (inputChannels < 1) throw new NasUserException($"cell network: input channels must be positive, got {inputChannels}");
    }

    /// <summary>The cells in an ONNX graph; returns the last cell's output.</summary>
    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue s0, OnnxValue s1)
    {
        foreach (var cell in Cells) (s0, s1) = (s1, cell.ExportOnnx(graph, s0, s1));
        return s1;
    }
}
