using System.CommandLine;
using Nas.Cli.Options;
using Nas.Torch.Export;
using Nas.Torch.Runtime;

namespace Nas.Cli.Commands;

/// <summary><c>nas export DIR</c>: a finished training's network as a standard ONNX model (<see cref="OnnxExport"/>).</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("directory") { Description = "the directory of a finished nas train or nas auto run (model.bin, result.json, architecture.json)" };
        var format = OptionFactory.Create("--format", "the model format: onnx (opset 17; float32 NCHW pixels in [0, 1] in, logits and probabilities out; the normalisation inside the graph)", "onnx");
        var output = OptionFactory.OptionalText("--out", $"the file to write (default: {OnnxExport.FileName} in the directory)");
        var overwrite = OptionFactory.Create("--overwrite", "replace the file if it exists", false);
        var command = new Command("export", "Write a trained network as a standard model for other runtimes (ONNX Runtime, ...)");
        command.Arguments.Add(directory);
        foreach (var o in new Option[] { format, output, overwrite }) command.Options.Add(o);
        command.SetAction((r, ct) => CommandRunner.Run(() =>
        {
            if (!string.Equals(r.GetValue(format), "onnx", StringComparison.OrdinalIgnoreCase))
                throw new NasUserException($"--format: unknown format '{r.GetValue(format)}' (known: onnx)");
            TorchRuntime.Initialize(1);
            string path = OnnxExport.Write(r.GetValue(directory)!, r.GetValue(output), r.GetValue(overwrite));
            System.Console.Out.WriteLine($"wrote {path} (ONNX, opset {OnnxExport.Opset}; input '{OnnxExport.Input}' [batch, C, H, W] pixels in [0, 1], outputs '{OnnxExport.Logits}' and '{OnnxExport.Probabilities}')");
            return 0;
        }));
        return command;
    }
}
