namespace Nas.Torch.Prediction;

/// <summary>Opens a trained model and classifies images with it.</summary>
public static class Predictor
{
    /// <summary>
    /// A predictor for <paramref name="model"/>: a directory of a finished <c>nas train</c> or <c>nas auto</c> run
    /// (TorchSharp, its weights) or an .onnx file of <c>nas export</c> (ONNX Runtime). Both give the same answers.
    /// </summary>
    /// <param name="model">The directory or the file.</param>
    public static IPredictor Open(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Directory.Exists(model)) return new TorchPredictor(model);
        if (File.Exists(model)) return new OnnxPredictor(model);
        throw new NasUserException($"{model}: no such file or directory (give a training's directory or its model.onnx)");
    }

    /// <summary>
    /// The <paramref name="top"/> most probable classes of every input, in batches of <paramref name="batch"/>;
    /// <paramref name="progress"/> hears the inputs done so far.
    /// </summary>
    /// <param name="predictor">The model.</param>
    /// <param name="inputs">The images, in the model's shape.</param>
    /// <param name="top">How many classes per input (at most the classes).</param>
    /// <param name="batch">Images per run of the model.</param>
    /// <param name="progress">Inputs done, after each batch.</param>
    public static IReadOnlyList<Prediction> Classify(IPredictor predictor, IReadOnlyList<PredictionInput> inputs, int top = 3, int batch = 256, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        int classes = predictor.Input.Classes, size = predictor.Input.Channels * predictor.Input.Height * predictor.Input.Width;
        top = Math.Min(top, classes);
        var predictions = new List<Prediction>(inputs.Count);
        for (int start = 0; start < inputs.Count; start += batch)
        {
            int count = Math.Min(batch, inputs.Count - start);
            var pixels = new float[count * size];
            for (int i = 0; i < count; i++)
            {
                var input = inputs[start + i];
                if (input.Pixels.Length != size) throw new ArgumentException($"{input.Name}: {input.Pixels.Length} pixels, the model takes {size}", nameof(inputs));
                input.Pixels.CopyTo(pixels, i * size);
            }
            var probabilities = predictor.Probabilities(pixels, count);
            for (int i = 0; i < count; i++)
            {
                var row = probabilities.AsSpan(i * classes, classes).ToArray();
                // Ties go to the lower class, as argmax does.
                var best = Enumerable.Range(0, classes).OrderByDescending(c => row[c]).ThenBy(c => c).Take(top)
                    .Select(c => new ClassScore(c, predictor.ClassNames[c], row[c])).ToArray();
                predictions.Add(new Prediction(inputs[start + i].Name, best));
            }
            progress?.Report(start + count);
        }
        return predictions;
    }
}
