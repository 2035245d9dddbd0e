using Nas.Architectures;
using Nas.Spaces;
using Nas.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Nas.Torch.Controllers;

/// <summary>
/// One pass of the controller over the space's decisions, either sampling (with a random source) or
/// scoring a given architecture. Both go through the same code, so a sampled architecture scored later
/// gets exactly the distribution it was drawn from. Every tensor made here belongs to the caller's scope.
/// </summary>
internal sealed class ControllerWalk
{
    // masked_fill's value for options ruled out, held for the process (see HeldScalars).
    private static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();

    private readonly LstmController _controller;
    private readonly SearchSpace _target;
    private readonly Architecture? _given;
    private readonly Random? _random;
    private readonly (Tensor H, Tensor C)[] _states;
    private readonly Dictionary<int, Tensor> _anchors = new();
    private readonly Dictionary<string, Choice> _values = new(StringComparer.Ordinal);
    private readonly List<Tensor> _logProbabilities = new();
    private readonly List<Tensor> _entropies = new();
    private readonly List<Tensor> _penalties = new();
    private Tensor _input;

    /// <param name="controller">The controller whose LSTM makes the decisions.</param>
    /// <param name="given">An architecture to score (its log-probability and entropy), or null to sample one.</param>
    /// <param name="random">The generator of the draws when sampling; null when scoring a given architecture.</param>
    /// <param name="target">The space to sample in (default: the controller's). It may be a shorter space whose
    /// decisions are the first of the controller's (a macro space of fewer layers, for a depth schedule); a given
    /// architecture is walked in its own space, which must be such a prefix.</param>
    public ControllerWalk(LstmController controller, Architecture? given, Random? random, SearchSpace? target = null)
    {
        _target = given?.Space ?? target ?? controller.Space;
        if (!IsPrefix(_target, controller.Space))
            throw new ArgumentException($"the architecture's '{_target.Name}' space ({_target.Decisions.Length} decisions) is not the controller's '{controller.Space.Name}' space or a prefix of it", nameof(given));
        _controller = controller;
        _given = given;
        _random = random;
        _states = Enumerable.Range(0, controller.Options.LstmLayers).Select(_ => (controller.Zeros(), controller.Zeros())).ToArray();
        _input = controller.Start;
    }

    public (Architecture Architecture, PolicyTerms Terms) Run()
    {
        for (int i = 0; i < _target.Decisions.Length; i++)
        {
            var slot = _controller.Layout.Slots[i];
            var decision = _target.Decisions[i];
            if (!decision.IsActiveGiven(_values)) continue;
            var allowed = decision.AllowedGiven(_values);
            var hidden = _controller.Step(_input, _states);
            (_values[decision.Name], _input) = slot.Kind switch
            {
                SlotKind.Categorical => Categorical(slot, hidden, allowed),
                SlotKind.Attention => Attention(slot, hidden, allowed),
                _ => Bernoulli(slot, hidden, allowed),
            };
            // The latest hidden state of a layer is its anchor for the layers after it.
            if (slot.Layer is { } layer) _anchors[layer] = hidden;
        }
        var architecture = _given ?? Architecture.Create(_target, _values);
        // ENAS averages the skip penalty over the layers that have one; log-probability and entropy add up.
        var penalty = _penalties.Count == 0 ? zeros(Array.Empty<long>()) : stack(_penalties).mean();
        return (architecture, new PolicyTerms(Sum(_logProbabilities), Sum(_entropies), penalty));
    }

    /// <summary>Whether <paramref name="part"/>'s decisions are the first of <paramref name="whole"/>'s, by name and number of options.</summary>
    internal static bool IsPrefix(SearchSpace part, SearchSpace whole) =>
        part.Name == whole.Name && part.Decisions.Length <= whole.Decisions.Length
        && part.Decisions.Select((d, i) => d.Name == whole.Decisions[i].Name && d.Options.Length == whole.Decisions[i].Options.Length).All(x => x);

    private (Choice, Tensor) Categorical(DecisionSlot slot, Tensor hidden, IReadOnlyList<int> allowed)
    {
        int n = slot.Decision.Options.Length;
        if (allowed.Count == 0) throw new InvalidOperationException($"decision '{slot.Decision.Name}' allows no option here");
        var logits = _controller.HeadLogits(hidden, slot);
        Tensor? ruledOut = null;
        if (allowed.Count < n)
        {
            var mask = new bool[n];
            Array.Fill(mask, true);
            foreach (int i in allowed) mask[i] = false;
            ruledOut = tensor(mask).unsqueeze(0);
            logits = logits.masked_fill(ruledOut, NegativeInfinity);
        }
        var logp = F.log_softmax(logits, 1);
        var p = logp.exp();
        // 0 * -inf is NaN: the ruled-out options contribute nothing to the entropy.
        var safeLogp = ruledOut is null ? logp : logp.masked_fill(ruledOut, HeldScalars.Zero);
        _entropies.Add(-(p * safeLogp).sum());

        int chosen = _given is not null ? _given[slot.Decision.Name].Index : Draw(p.data<float>().ToArray(), allowed);
        _logProbabilities.Add(logp[0, chosen]);
        return (Choice.Single(chosen), _controller.Embed(slot.Offset + chosen));
    }

    private (Choice, Tensor) Attention(DecisionSlot slot, Tensor hidden, IReadOnlyList<int> allowed)
    {
        if (allowed.Count == 0) return (Choice.Subset(Array.Empty<int>()), _controller.Zeros());
        // A layer whose decisions were all inactive has no state; it is attended to as zeros.
        var anchors = cat(allowed.Select(i => _anchors.TryGetValue(slot.OptionLayers[i], out var a) ? a : _controller.Zeros()).ToArray(), 0);
        var logits = _controller.AttentionLogits(hidden, anchors);
        var (choice, on) = BernoulliTerms(slot, logits, allowed);
        if (_controller.Options.SkipWeight > 0) _penalties.Add(SkipKl(logits, _controller.Options.SkipTarget));
        // As in ENAS, the next input is the mean of the chosen anchors (zeros when none is chosen).
        using var count = (1 + choice.Indices.Length).ToScalar();
        var next = on.unsqueeze(0).matmul(anchors).div(count);
        return (choice, next);
    }

    private (Choice, Tensor) Bernoulli(DecisionSlot slot, Tensor hidden, IReadOnlyList<int> allowed)
    {
        if (allowed.Count == 0) return (Choice.Subset(Array.Empty<int>()), _controller.Zeros());
        var logits = _controller.HeadLogits(hidden, slot).squeeze(0).index_select(0, tensor(allowed.Select(i => (long)i).ToArray()));
        var (choice, _) = BernoulliTerms(slot, logits, allowed);
        var next = _controller.Zeros();
        foreach (int i in choice.Indices) next = next.add(_controller.Embed(slot.Offset + i), HeldScalars.One);
        using var count = (1 + choice.Indices.Length).ToScalar();
        return (choice, next.div(count));
    }

    // One independent Bernoulli per allowed option with P(in) = sigmoid(logit): adds log-probability and
    // entropy, and returns the choice and its 0/1 vector over the allowed options.
    private (Choice, Tensor) BernoulliTerms(DecisionSlot slot, Tensor logits, IReadOnlyList<int> allowed)
    {
        var logOn = F.logsigmoid(logits);
        var logOff = F.logsigmoid(-logits);
        var p = logits.sigmoid();
        _entropies.Add(-(p * logOn).add(HeldScalars.OneMinus(p) * logOff, HeldScalars.One).sum());

        var picked = new float[allowed.Count];
        if (_given is not null)
        {
            var given = _given[slot.Decision.Name];
            for (int k = 0; k < allowed.Count; k++) picked[k] = given.Contains(allowed[k]) ? 1 : 0;
        }
        else
        {
            var probabilities = p.data<float>().ToArray();
            for (int k = 0; k < allowed.Count; k++) picked[k] = _random!.NextDouble() < probabilities[k] ? 1 : 0;
        }
        var on = tensor(picked);
        _logProbabilities.Add((on * logOn).add(HeldScalars.OneMinus(on) * logOff, HeldScalars.One).sum());
        return (Choice.Subset(allowed.Where((_, k) => picked[k] == 1)), on);
    }

    // KL(Bernoulli(p) || Bernoulli(target)) summed over the options: ENAS's pull of the skip density to its target.
    private static Tensor SkipKl(Tensor logits, double target)
    {
        var p = logits.sigmoid();
        using var logTarget = Math.Log(target).ToScalar();
        using var logRest = Math.Log(1 - target).ToScalar();
        return (p * F.logsigmoid(logits).sub(logTarget)).add(HeldScalars.OneMinus(p) * F.logsigmoid(-logits).sub(logRest), HeldScalars.One).sum();
    }

    private int Draw(float[] probabilities, IReadOnlyList<int> allowed)
    {
        double u = _random!.NextDouble(), cumulative = 0;
        foreach (int i in allowed)
        {
            cumulative += probabilities[i];
            if (u < cumulative) return i;
        }
        return allowed[^1]; // rounding left the sum a hair below u
    }

    private static Tensor Sum(List<Tensor> terms) => terms.Count == 0 ? zeros(Array.Empty<long>()) : stack(terms).sum();
}
