using Nas.Architectures;

namespace Nas.Spaces.Residual;

/// <summary>
/// A stage-wise residual CNN space made for the CPU: every member is dense convolutions, batch norm and ReLU (no
/// depthwise or separable convolutions, which run far below this machine's matmul rate). A 3x3 stem takes the image
/// to stage 1's width; each stage after the first halves the resolution (a stride-2 convolution or max pooling) and
/// then runs its basic residual blocks; global average pooling and a linear layer classify.
/// Decision names: <c>stem.stride</c> (1 or 2: the stem at the image's resolution or at half of it, four times cheaper
/// for every later layer), <c>stem.pre</c> (where the space offers it: the channels of a full-resolution 3x3 convolution
/// ahead of the stem, 0 for none), then per stage i from 1: <c>S{i}.width</c>, <c>S{i}.depth</c>, <c>S{i}.kernel</c> and, for i ≥ 2,
/// <c>S{i}.downsample</c> (<c>conv</c> or <c>pool</c>). With the defaults the space holds the hand-designed
/// <see cref="Baseline"/>, so a search over it can only add to that network.
/// </summary>
public static class ResidualSpace
{
    /// <summary>The space's name in the catalog and in architecture files.</summary>
    public const string Name = "residual";

    /// <summary>The name of <see cref="Baseline"/> wherever architectures are named (<c>nas train --arch resnet-baseline</c>).</summary>
    public const string BaselineName = "resnet-baseline";

    /// <summary>The option of <c>S{i}.downsample</c> for a stride-2 convolution.</summary>
    public const string ConvDownsample = "conv";

    /// <summary>The option of <c>S{i}.downsample</c> for 2x2 max pooling.</summary>
    public const string PoolDownsample = "pool";

    /// <summary>
    /// The hand-designed network: a stride-2 stem, then three stages of 32, 64 and 128 channels (14x14, 7x7 and 4x4 on
    /// 28x28 images), one 3x3 basic block each, the later two entered through a stride-2 3x3 convolution; 482,154
    /// parameters and 14.1M multiply-adds on 28x28x1 with 10 classes. The stride-2 stem makes it about four times
    /// cheaper than the same stages at full resolution, which on a CPU buys four times the epochs in the same time.
    /// </summary>
    public static ResidualGenome BaselineGenome { get; } = new(
    [
        new ResidualStage(32, 1, 3, null),
        new ResidualStage(64, 1, 3, ResidualDownsample.Conv),
        new ResidualStage(128, 1, 3, ResidualDownsample.Conv),
    ], StemStride: 2);

    /// <summary><see cref="BaselineGenome"/> as an architecture of the default space, named <see cref="BaselineName"/>.</summary>
    public static Architecture Baseline { get; } = Encode(BaselineGenome);

    /// <summary>The architectures of this space known by name: <see cref="BaselineName"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [BaselineName];

    /// <summary>The architecture called <paramref name="name"/> (case-insensitive), or null.</summary>
    /// <param name="name">A name such as <see cref="BaselineName"/>.</param>
    public static Architecture? Find(string name) =>
        string.Equals(name, BaselineName, StringComparison.OrdinalIgnoreCase) ? Baseline : null;

    /// <summary>The space for <paramref name="options"/> (null: 3 stages, widths 16/24/32 doubling per stage, depths 1-2, kernels 3 and 5, no or a 16-channel convolution ahead of the stem); throws <see cref="NasUserException"/> for invalid options.</summary>
    /// <param name="options">Stages and the widths, depths and kernel sizes to choose from.</param>
    public static SearchSpace Create(ResidualSpaceOptions? options = null)
    {
        options = (options ?? new ResidualSpaceOptions()).Validated();
        var depths = options.DepthsOrDefault.Select(d => (OptionValue)d).ToArray();
        var kernels = options.KernelsOrDefault.Select(k => (OptionValue)k).ToArray();
        var decisions = new List<Decision>
        {
            new CategoricalDecision("stem.stride", new OptionValue[] { 1, 2 },
                description: "stride of the stem: 2 runs every stage at half the resolution, four times cheaper", layer: 1),
        };
        if (options.HasStemPre)
            decisions.Add(new CategoricalDecision("stem.pre", options.StemPreOrDefault.Select(w => (OptionValue)w),
                description: "channels of a 3x3 convolution at the image's resolution ahead of the stem (0: none); it sees every pixel before the stride-2 stem", layer: 1));
        for (int i = 1; i <= options.Stages; i++)
        {
            decisions.Add(new CategoricalDecision($"S{i}.width", options.WidthsOf(i).Select(w => (OptionValue)w),
                description: $"channels of stage {i}", layer: i));
            decisions.Add(new CategoricalDecision($"S{i}.depth", depths, description: $"residual blocks of stage {i}", layer: i));
            decisions.Add(new CategoricalDecision($"S{i}.kernel", kernels, description: $"kernel size of stage {i}", layer: i));
            if (i > 1)
                decisions.Add(new CategoricalDecision($"S{i}.downsample", new OptionValue[] { ConvDownsample, PoolDownsample },
                    description: $"how stage {i} halves the resolution: a stride-2 convolution or max pooling", layer: i));
        }
        return new SearchSpace(Name, options.ToJson(), decisions);
    }

    /// <summary>Decodes an architecture of a residual space into its stages; <see cref="NasUserException"/> for another space's.</summary>
    /// <param name="architecture">An architecture of a residual space.</param>
    public static ResidualGenome Decode(Architecture architecture)
    {
        if (architecture.Space.Name != Name) throw new NasUserException($"expected a {Name} architecture, got one of the {architecture.Space.Name} space");
        var options = ResidualSpaceOptions.FromJson(architecture.Space.Settings);
        var stages = new List<ResidualStage>();
        for (int i = 1; i <= options.Stages; i++)
        {
            ResidualDownsample? downsample = i == 1 ? null
                : architecture.Option($"S{i}.downsample").AsName == PoolDownsample ? ResidualDownsample.Pool : ResidualDownsample.Conv;
            stages.Add(new ResidualStage(architecture.Option($"S{i}.width").AsInt, architecture.Option($"S{i}.depth").AsInt,
                architecture.Option($"S{i}.kernel").AsInt, downsample));
        }
        int pre = options.HasStemPre ? architecture.Option("stem.pre").AsInt : 0;
        return new ResidualGenome(stages, architecture.Option("stem.stride").AsInt, pre);
    }

    /// <summary>
    /// The architecture of <paramref name="genome"/> in the space of <paramref name="options"/> (null: the default space);
    /// <see cref="ArchitectureException"/> names the decision whose value the space does not offer.
    /// </summary>
    /// <param name="genome">Stages, as many as the space has; stage 1 without a downsampling step, every later one with.</param>
    /// <param name="options">The space's settings.</param>
    public static Architecture Encode(ResidualGenome genome, ResidualSpaceOptions? options = null)
    {
        var space = Create(options);
        int stages = (options ?? new ResidualSpaceOptions()).Stages;
        if (genome.Stages.Count != stages)
            throw new ArgumentException($"the genome has {genome.Stages.Count} stages; the space has {stages}", nameof(genome));
        var values = new Dictionary<string, Choice>(StringComparer.Ordinal);
        void Set(string decision, OptionValue value)
        {
            int index = space.Find(decision)!.IndexOf(value);
            if (index < 0)
                throw new ArchitectureException(decision, $"{value} is not an option of {decision} (options: {string.Join(", ", space.Find(decision)!.Options)})");
            values[decision] = Choice.Single(index);
        }
        Set("stem.stride", genome.StemStride);
        if (space.Find("stem.pre") is not null) Set("stem.pre", genome.StemPre);
        else if (genome.StemPre != 0)
            throw new ArchitectureException("stem.pre", $"the space has no convolution ahead of the stem (its stem_pre setting is [0]); the genome has {genome.StemPre} channels there");
        for (int i = 1; i <= stages; i++)
        {
            var stage = genome.Stages[i - 1];
            Set($"S{i}.width", stage.Width);
            Set($"S{i}.depth", stage.Depth);
            Set($"S{i}.kernel", stage.Kernel);
            if (i > 1)
                Set($"S{i}.downsample", (stage.Downsample ?? throw new ArgumentException($"stage {i} needs a downsampling step", nameof(genome)))
                    == ResidualDownsample.Pool ? PoolDownsample : ConvDownsample);
            else if (stage.Downsample is not null)
                throw new ArgumentException("stage 1 works at the stem's resolution and has no downsampling step", nameof(genome));
        }
        return Architecture.Create(space, values);
    }
}
