using System.CommandLine;
using Nas.Cli.Console;
using Nas.Cli.Options;
using Nas.Torch.Prediction;
using Nas.Torch.Runtime;

namespace Nas.Cli.Commands;

/// <summary><c>nas predict</c>: the top classes of images, from a training's directory (TorchSharp) or its exported .onnx (ONNX Runtime).</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { HelpName = "DIR|FILE", Description = "a finished nas train or nas auto directory (TorchSharp) or a model.onnx of nas export (ONNX Runtime); both give the same answers", Required = true };
        var input = new Option<string[]>("--input") { HelpName = "PATH", Description = "images (PNG, JPEG, BMP, GIF, WebP), folders of them, IDX image files or CIFAR-10 batches (.bin); may be repeated", Required = true, AllowMultipleArgumentsPerToken = true };
        var top = OptionFactory.Create("--top", "classes to show per image", 3).AtLeast(1);
        var json = OptionFactory.Create("--json", "write JSON instead of text", false);
        var csv = OptionFactory.Create("--csv", "write CSV (input, rank, class, name, probability) instead of text", false);
        var output = OptionFactory.OptionalText("--out", "write to this file instead of standard output");
        var command = new Command("predict", "Classify images with a trained network: its top classes with probabilities");
        foreach (var o in new Option[] { model, input, top, json, csv, output }) command.Options.Add(o);
        command.SetAction((r, ct) => CommandRunner.Run(() =>
        {
            if (r.GetValue(json) && r.GetValue(csv)) throw new NasUserException("--json and --csv: give one of them");
            TorchRuntime.Initialize(Environment.ProcessorCount);
            TorchRuntime.UseThreadsHere(); // prediction runs on this thread
            using var predictor = Predictor.Open(r.GetValue(model)!);
            var inputs = PredictionInputs.Load(r.GetValue(input)!, predictor.Input);
            var predictions = Predictor.Classify(predictor, inputs, r.GetValue(top));
            string text = r.GetValue(json) ? PredictionWriter.Json(predictions, predictor.Description)
                : r.GetValue(csv) ? PredictionWriter.Csv(predictions) : PredictionWriter.Text(predictions);
            if (r.GetValue(output) is { } path)
            {
                OutputFile.Write(path, text);
                System.Console.Error.WriteLine($"wrote {predictions.Count} predictions to {path} ({predictor.Description})");
            }
            else System.Console.Out.Write(text);
            return 0;
        }));
        return command;
    }
}
