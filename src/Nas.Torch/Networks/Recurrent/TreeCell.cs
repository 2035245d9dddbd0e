using Nas.Spaces.Recurrent;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>
/// The NAS-RL tree cell of a <see cref="TreeCellGenome"/>. Leaf i computes <c>act_i(comb_i(W_i x_t + b_i, U_i h_{t-1}))</c>
/// (all leaves in one matrix each for x and h); inner nodes combine their two children and apply their
/// activation; <c>c_{t-1}</c> enters the injection node after its activation; the root is <c>h_t</c>, the
/// memory node <c>c_t</c>. The state is <c>[h, c]</c>. While training, one dropout mask per sequence multiplies
/// <c>h_{t-1}</c> before <c>U</c>.
/// </summary>
public sealed class TreeCell : RecurrentCell
{
    private readonly Linear input;
    private readonly Linear recurrent;
    private readonly TreeCellGenome _genome;
    private readonly (int Left, int Right)[] _children;
    private readonly Func<Tensor, Tensor>[] _activations;
    private readonly Func<Tensor, Tensor, Tensor>[] _combinations;
    private readonly Func<Tensor, Tensor> _injectActivation;
    private readonly Func<Tensor, Tensor, Tensor> _injectCombination;
    private readonly double _hiddenDropout;

    /// <param name="genome">The decoded tree: each node's combination and activation, where c_{t-1} is injected and where c_t is taken.</param>
    /// <param name="inputSize">Size of x_t.</param>
    /// <param name="hiddenSize">Size of h and of c.</param>
    /// <param name="hiddenDropout">Drop probability of the per-sequence mask on h_{t-1}, while training.</param>
    public TreeCell(TreeCellGenome genome, int inputSize, int hiddenSize, double hiddenDropout = 0)
        : base(nameof(TreeCell), inputSize, hiddenSize, 2 * hiddenSize)
    {
        _genome = genome;
        _children = TreeCellGenome.Children(genome.Leaves);
        _activations = genome.Activations.Select(Activation.Of).ToArray();
        _combinations = genome.Combinations.Select(Activation.Combination).ToArray();
        _injectActivation = Activation.Of(genome.InjectActivation);
        _injectCombination = Activation.Combination(genome.InjectCombination);
        _hiddenDropout = hiddenDropout;
        input = nn.Linear(inputSize, genome.Leaves * hiddenSize, hasBias: true);
        recurrent = nn.Linear(hiddenSize, genome.Leaves * hiddenSize, hasBias: false);
        RegisterComponents();
    }

    /// <summary>Runs the cell over a window: inputs [T, B, in] and the state [B, StateSize] give the outputs [T, B, hidden] and the state after the last step.</summary>
    /// <param name="inputs">x over the window, [T, B, in].</param>
    /// <param name="state">The state before the window, [B, StateSize].</param>
    public override (Tensor Output, Tensor State) forward(Tensor inputs, Tensor state)
    {
        var mask = Mask(inputs.shape[1], HiddenSize, _hiddenDropout, inputs.device);
        var outputs = new List<Tensor>((int)inputs.shape[0]);
        for (long t = 0; t < inputs.shape[0]; t++)
        {
            state = Step(inputs[t], state, mask);
            outputs.Add(state.narrow(1, 0, HiddenSize));
        }
        return (stack(outputs), state);
    }

    /// <summary>One time step: <c>x [B, in]</c>, state <c>[h, c]</c> [B, 2H] → the new state [B, 2H].</summary>
    /// <param name="x">The input x_t, [B, in].</param>
    /// <param name="state">[h_{t-1}, c_{t-1}], [B, 2H].</param>
    /// <param name="mask">The dropout mask on h, or null.</param>
    public Tensor Step(Tensor x, Tensor state, Tensor? mask = null)
    {
        int n = HiddenSize, leaves = _genome.Leaves;
        var h = state.narrow(1, 0, n);
        var c = state.narrow(1, n, n);
        var xs = input.call(x).chunk(leaves, 1);
        var hs = recurrent.call(mask is null ? h : h * mask).chunk(leaves, 1);
        var nodes = new Tensor[_genome.NodeCount];
        for (int k = 0; k < nodes.Length; k++)
        {
            var (a, b) = k < leaves ? (xs[k], hs[k]) : (nodes[_children[k - leaves].Left], nodes[_children[k - leaves].Right]);
            var o = _activations[k](_combinations[k](a, b));
            if (k == _genome.InjectNode) o = _injectActivation(_injectCombination(o, c));
            nodes[k] = o;
        }
        return cat(new[] { nodes[^1], nodes[_genome.CellNode] }, 1);
    }
}
