using Nas.OneShot;
using Nas.Spaces.Recurrent;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Ops;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// The DARTS recurrent supernet cell (<c>DARTSCellSearch</c>): every node i reads every earlier node j with
/// one matrix per node, <c>[c, h] = s_j W_i</c>, and mixes the highway updates
/// <c>s_j + σ(c) ⊙ (f(h) − s_j)</c> of every activation f, weighted by softmax(alpha) of edge (j, i) (or the sample
/// set in <see cref="RecurrentArchitectureWeights.Sample"/>);
/// <c>none</c> adds nothing. The input node and every node pass through one batch norm without scale
/// or offset, as the reference; the output is the mean of nodes 1..N. Node 0 and the weights' layout and
/// initialisation are those of <see cref="DagCell"/>, so a derived cell starts from the same recipe.
/// </summary>
internal sealed class DagSearchCell : RecurrentCell
{
    private const double InitRange = 0.04;
    private readonly Parameter w0;
    private readonly Parameter ws;
    private readonly BatchNorm1d? bn;
    private readonly RecurrentArchitectureWeights _alpha;
    private readonly Func<Tensor, Tensor>[] _activations;
    private readonly double _hiddenDropout;

    /// <param name="alpha">The architecture weights, shared by every layer and read at each forward.</param>
    /// <param name="inputSize">Size of x_t.</param>
    /// <param name="hiddenSize">Size of h and of every node.</param>
    /// <param name="hiddenDropout">Drop probability of the per-sequence mask on h and the nodes, while training.</param>
    /// <param name="normalize">The reference's batch norm; off only where a test compares with a fixed cell.</param>
    public DagSearchCell(RecurrentArchitectureWeights alpha, int inputSize, int hiddenSize, double hiddenDropout = 0, bool normalize = true)
        : base(nameof(DagSearchCell), inputSize, hiddenSize, hiddenSize)
    {
        _alpha = alpha;
        _activations = RecurrentDerivation.Ops.Skip(1).Select(Activation.Of).ToArray();
        _hiddenDropout = hiddenDropout;
        w0 = new Parameter(empty(inputSize + hiddenSize, 2 * hiddenSize).uniform_(-InitRange, InitRange));
        ws = new Parameter(empty(alpha.Nodes, hiddenSize, 2 * hiddenSize).uniform_(-InitRange, InitRange));
        if (normalize) bn = Norms.BatchNorm1d(hiddenSize, affine: false);
        RegisterComponents();
    }

    public override (Tensor Output, Tensor State) forward(Tensor inputs, Tensor state)
    {
        var mask = Mask(inputs.shape[1], HiddenSize, _hiddenDropout, inputs.device);
        var weights = _alpha.OpWeights();
        var fromInputs = inputs.matmul(w0.narrow(0, 0, InputSize));
        var h = state;
        var outputs = new List<Tensor>((int)inputs.shape[0]);
        for (long t = 0; t < inputs.shape[0]; t++)
        {
            h = StepFrom(fromInputs[t], h, mask, weights);
            outputs.Add(h);
        }
        return (stack(outputs), h);
    }

    // Written without Tensor ± Tensor: TorchSharp makes a temporary Scalar (alpha = 1) for each, and its
    // finalizer can free it while the native call still reads it (a crash seen in long searches). lerp, addmm
    // and products take no Scalar. lerp(s, f, c) = s + c ⊙ (f − s), the highway update.
    private Tensor StepFrom(Tensor fromInput, Tensor h, Tensor? mask, Tensor weights)
    {
        int n = HiddenSize, nodes = _alpha.Nodes, ops = _activations.Length;
        long batch = h.shape[0];
        var ch = fromInput.addmm(mask is null ? h : h * mask, w0.narrow(0, InputSize, n));
        var s0 = Normalize(h.lerp(ch.narrow(1, n, n).tanh(), ch.narrow(1, 0, n).sigmoid()));
        var states = s0.unsqueeze(0); // [nodes so far, B, H]
        for (int i = 1; i <= nodes; i++)
        {
            var masked = mask is null ? states : states * mask.unsqueeze(0);
            var step = masked.reshape(-1, n).mm(ws[i - 1]).view(i, batch, 2 * n);
            var c = step.narrow(2, 0, n).sigmoid();
            var candidate = step.narrow(2, n, n);
            // [ops, i, B, H]: every activation's update of every earlier node; weights [ops, i, 1, 1] (column 0, none, adds nothing)
            var updates = stack(_activations.Select(f => states.lerp(f(candidate), c)).ToArray(), 0);
            var w = weights.narrow(0, RecurrentDerivation.FirstEdge(i), i).narrow(1, 1, ops).transpose(0, 1).reshape(ops, i, 1, 1);
            var s = (w * updates).sum(new long[] { 0, 1 });
            states = cat(new[] { states, Normalize(s).unsqueeze(0) }, 0);
        }
        return states.narrow(0, 1, nodes).mean(new long[] { 0 });
    }

    private Tensor Normalize(Tensor s) => bn is null ? s : bn.call(s);
}
