using Nas.OneShot;
using Nas.Spaces.Recurrent;
using Nas.Torch.Networks.Recurrent;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Enas;

/// <summary>
/// ENAS's shared recurrent DAG cell (the reference's shared RNN): node 0 as in <see cref="DagCell"/>,
/// <c>[c0, h0] = [x, h_{t-1}] W0</c>; node i holds one matrix for every earlier node j it may read, <c>W_{i,j}</c>.
/// A child (<see cref="Child"/>, a <see cref="RecurrentGenotype"/> of the rnn-dag space) is a path through it: node i
/// reads its chosen node j with that edge's matrix, <c>[c, h] = s_j W_{i,j}</c>, <c>s_i = s_j + σ(c) ⊙ (act_i(h) − s_j)</c>,
/// and the output is the mean of the child's output nodes. Every child uses the same parameters, and a child's output
/// depends on no matrix of an edge it does not take. The layout and initialisation (uniform ±0.04, no biases) are
/// <see cref="DagCell"/>'s, so the derived cell retrains from the same recipe.
/// </summary>
public sealed class EnasRecurrentSharedCell : RecurrentCell
{
    private const double InitRange = 0.04;
    private readonly Parameter w0;
    private readonly Parameter ws;
    private readonly double _hiddenDropout;
    private RecurrentGenotype? _child;
    private Func<Tensor, Tensor>[] _activations = [];

    /// <param name="nodes">N, the nodes after node 0.</param>
    /// <param name="inputSize">Size of x_t.</param>
    /// <param name="hiddenSize">Size of h and of every node.</param>
    /// <param name="hiddenDropout">Drop probability of the per-sequence mask on h and the nodes, while training.</param>
    public EnasRecurrentSharedCell(int nodes, int inputSize, int hiddenSize, double hiddenDropout = 0)
        : base(nameof(EnasRecurrentSharedCell), inputSize, hiddenSize, hiddenSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        Nodes = nodes;
        _hiddenDropout = hiddenDropout;
        w0 = new Parameter(empty(inputSize + hiddenSize, 2 * hiddenSize).uniform_(-InitRange, InitRange));
        ws = new Parameter(empty(RecurrentDerivation.FirstEdge(nodes + 1), hiddenSize, 2 * hiddenSize).uniform_(-InitRange, InitRange));
        RegisterComponents();
    }

    /// <summary>N, the nodes after node 0.</summary>
    public int Nodes { get; }

    /// <summary>The matrix of the edge from node <paramref name="from"/> into node <paramref name="node"/> (a view of the shared weights).</summary>
    /// <param name="node">The reading node, 1..N.</param>
    /// <param name="from">The node it reads, 0..node-1.</param>
    public Tensor EdgeWeight(int node, int from)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(node, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(node, Nodes);
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, node);
        return ws[RecurrentDerivation.FirstEdge(node) + from];
    }

    /// <summary>Node 0's matrix, [in + H, 2H].</summary>
    public Parameter InputWeight => w0;

    /// <summary>The child the next forward computes; set it before each minibatch (ENAS samples one per minibatch).</summary>
    public RecurrentGenotype? Child
    {
        get => _child;
        set
        {
            if (value is not null && value.Steps.Length != Nodes)
                throw new ArgumentException($"the child has {value.Steps.Length} nodes, the shared cell {Nodes}", nameof(value));
            _child = value;
            _activations = value is null ? [] : value.Steps.Select(s => Activation.Of(s.Activation)).ToArray();
        }
    }

    /// <summary>Runs the current child over a window: inputs [T, B, in] and the state [B, H] give the outputs [T, B, H] and the last state.</summary>
    /// <param name="inputs">x over the window, [T, B, in].</param>
    /// <param name="state">The state before the window, [B, H].</param>
    public override (Tensor Output, Tensor State) forward(Tensor inputs, Tensor state)
    {
        var child = _child ?? throw new InvalidOperationException("set the shared cell's Child before running it");
        var mask = Mask(inputs.shape[1], HiddenSize, _hiddenDropout, inputs.device);
        var fromInputs = inputs.matmul(w0.narrow(0, 0, InputSize));
        var edges = child.Steps.Select((s, i) => EdgeWeight(i + 1, s.Input)).ToArray();
        var h = state;
        var outputs = new List<Tensor>((int)inputs.shape[0]);
        for (long t = 0; t < inputs.shape[0]; t++)
        {
            h = Step(child, edges, fromInputs[t], h, mask);
            outputs.Add(h);
        }
        return (stack(outputs), h);
    }

    // DagCell's step with the edge matrices of the child's path; lerp and addmm rather than Tensor ± Tensor, which
    // would make a temporary Scalar (see DagSearchCell).
    private Tensor Step(RecurrentGenotype child, Tensor[] edges, Tensor fromInput, Tensor h, Tensor? mask)
    {
        int n = HiddenSize;
        var ch = fromInput.addmm(Masked(h, mask), w0.narrow(0, InputSize, n));
        var states = new List<Tensor>(Nodes + 1) { h.lerp(ch.narrow(1, n, n).tanh(), ch.narrow(1, 0, n).sigmoid()) };
        for (int i = 0; i < Nodes; i++)
        {
            var previous = states[child.Steps[i].Input];
            var step = Masked(previous, mask).mm(edges[i]);
            states.Add(previous.lerp(_activations[i](step.narrow(1, n, n)), step.narrow(1, 0, n).sigmoid()));
        }
        return stack(child.Concat.Select(i => states[i]).ToArray(), -1).mean(new long[] { -1 });
    }

    private static Tensor Masked(Tensor t, Tensor? mask) => mask is null ? t : t * mask;
}
