using Nas.Spaces.Recurrent;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>
/// The ENAS/DARTS recurrent DAG cell of a <see cref="RecurrentGenotype"/>, as the DARTS reference model
/// computes it (no biases, weights uniform in ±0.04):
/// <c>[c0, h0] = [x, h_{t-1}] W0</c>, <c>s0 = h_{t-1} + σ(c0) ⊙ (tanh(h0) − h_{t-1})</c>; node i reads node j:
/// <c>[c, h] = s_j W_i</c>, <c>s_i = s_j + σ(c) ⊙ (act_i(h) − s_j)</c>; the new hidden state is the mean of the
/// concat nodes. While training, one dropout mask per sequence multiplies <c>h_{t-1}</c> and every <c>s_j</c>
/// before its matrix (the reference's <c>dropouth</c>).
/// </summary>
public sealed class DagCell : RecurrentCell
{
    private const double InitRange = 0.04;
    private readonly Parameter w0;
    private readonly Parameter ws;
    private readonly RecurrentGenotype _genotype;
    private readonly Func<Tensor, Tensor>[] _activations;
    private readonly double _hiddenDropout;

    /// <param name="genotype">The cell: each node's input and activation, and the nodes averaged into the output.</param>
    /// <param name="inputSize">Size of x_t.</param>
    /// <param name="hiddenSize">Size of h and of every node.</param>
    /// <param name="hiddenDropout">Drop probability of the per-sequence mask on h and the nodes, while training.</param>
    public DagCell(RecurrentGenotype genotype, int inputSize, int hiddenSize, double hiddenDropout = 0)
        : base(nameof(DagCell), inputSize, hiddenSize, hiddenSize)
    {
        _genotype = genotype;
        _activations = genotype.Steps.Select(s => Activation.Of(s.Activation)).ToArray();
        _hiddenDropout = hiddenDropout;
        w0 = new Parameter(empty(inputSize + hiddenSize, 2 * hiddenSize).uniform_(-InitRange, InitRange));
        ws = new Parameter(empty(genotype.Steps.Length, hiddenSize, 2 * hiddenSize).uniform_(-InitRange, InitRange));
        RegisterComponents();
    }

    /// <summary>The cell this layer computes.</summary>
    public RecurrentGenotype Genotype => _genotype;

    /// <summary>Runs the cell over a window: inputs [T, B, in] and the state [B, StateSize] give the outputs [T, B, hidden] and the state after the last step.</summary>
    /// <param name="inputs">x over the window, [T, B, in].</param>
    /// <param name="state">The state before the window, [B, StateSize].</param>
    public override (Tensor Output, Tensor State) forward(Tensor inputs, Tensor state)
    {
        var mask = Mask(inputs.shape[1], HiddenSize, _hiddenDropout, inputs.device);
        // x_t's share of [x, h] W0 does not depend on the recurrence: one product for the whole window
        var fromInputs = inputs.matmul(w0.narrow(0, 0, InputSize));
        var h = state;
        var outputs = new List<Tensor>((int)inputs.shape[0]);
        for (long t = 0; t < inputs.shape[0]; t++)
        {
            h = StepFrom(fromInputs[t], h, mask);
            outputs.Add(h);
        }
        return (stack(outputs), h);
    }

    /// <summary>One time step: <c>x [B, in]</c>, <c>h [B, H]</c> → the new hidden state [B, H].</summary>
    /// <param name="x">The input x_t, [B, in].</param>
    /// <param name="h">h_{t-1}, [B, H].</param>
    /// <param name="mask">The dropout mask on h and the nodes, or null.</param>
    public Tensor Step(Tensor x, Tensor h, Tensor? mask = null) => StepFrom(x.mm(w0.narrow(0, 0, InputSize)), h, mask);

    private Tensor StepFrom(Tensor fromInput, Tensor h, Tensor? mask)
    {
        int n = HiddenSize;
        // lerp(s, f, c) = s + c ⊙ (f − s); no Tensor ± Tensor here, since each makes a temporary Scalar that
        // TorchSharp's finalizer may free during the native call (see DagSearchCell).
        var ch = fromInput.addmm(Masked(h, mask), w0.narrow(0, InputSize, n));
        var c0 = ch.narrow(1, 0, n).sigmoid();
        var h0 = ch.narrow(1, n, n).tanh();
        var states = new List<Tensor>(_genotype.Steps.Length + 1) { h.lerp(h0, c0) };
        for (int i = 0; i < _genotype.Steps.Length; i++)
        {
            var previous = states[_genotype.Steps[i].Input];
            var step = Masked(previous, mask).mm(ws[i]);
            var c = step.narrow(1, 0, n).sigmoid();
            var candidate = _activations[i](step.narrow(1, n, n));
            states.Add(previous.lerp(candidate, c));
        }
        return stack(_genotype.Concat.Select(i => states[i]).ToArray(), -1).mean(new long[] { -1 });
    }

    private static Tensor Masked(Tensor t, Tensor? mask) => mask is null ? t : t * mask;
}
