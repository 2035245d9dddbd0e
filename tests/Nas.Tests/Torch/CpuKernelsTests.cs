using Nas.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

public class CpuKernelsTests
{
    [Fact]
    public void Defaults_are_decided_once_with_a_reason_and_oneDNN_can_be_switched()
    {
        // NAS_ONEDNN and NAS_ZERO_FILL are not set in the test environment; the module initializer applied the defaults.
        bool? chosen = CpuKernels.ApplyDefaults();
        Assert.NotNull(CpuKernels.Reason);
        if (chosen == true && CpuKernels.CpuVendor() == "AuthenticAMD") Assert.True(NativeAllocator.ZeroFills);
        if (chosen == true && !NativeAllocator.ZeroFills) Assert.Null(OneDnnProbe.FirstNonFinite());
        try
        {
            Assert.True(CpuKernels.SetOneDnn(true));
            Assert.True(CpuKernels.OneDnnEnabled);
            Assert.False(CpuKernels.SetOneDnn(false));
            Assert.False(CpuKernels.OneDnnEnabled);
        }
        finally { Assert.Equal(chosen, CpuKernels.ApplyDefaults()); }
    }

    [SkippableFact]
    public void The_zero_fill_clears_a_buffer_that_held_NaN()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the zero fill is glibc's malloc tuning, Linux only");
        bool was = NativeAllocator.ZeroFills;
        Assert.True(NativeAllocator.FillAllocations());
        try
        {
            // A buffer that held NaN, freed and allocated again at the same size, must come back cleared.
            for (int i = 0; i < 20; i++)
            {
                using (var poisoned = full(new long[] { 37, 41 }, float.NaN)) { }
                using var fresh = empty(new long[] { 37, 41 });
                Assert.Equal(0, fresh.isnan().sum().item<long>());
            }
        }
        finally { if (!was) NativeAllocator.StopFilling(); }
    }

    [Fact]
    public void The_probe_poisons_new_buffers_and_reports_a_computation_that_reads_them()
    {
        var cases = OneDnnProbe.DefaultCases.Take(3).ToList();
        // A "convolution" that returns a buffer nothing wrote: poisoned with NaN, so the probe names the case.
        Assert.Equal(cases[0].ToString(), OneDnnProbe.FirstNonFinite(cases, 0, (c, g) => [empty(new long[] { c.Out, 5 })]));
        // One that writes everything it returns passes.
        Assert.Null(OneDnnProbe.FirstNonFinite(cases, 0, (c, g) => [empty(new long[] { c.Out, 5 }).fill_(1)]));
        // After the probe, new buffers are no longer poisoned on purpose (with the fill they are zero; without it
        // recycled memory may hold anything, so only the poisoned pattern is checked: a fresh large buffer).
        using var after = empty(new long[] { 1 << 22 });
        Assert.True(after.isnan().sum().item<long>() < after.numel());
    }

    [Fact]
    public void Libtorch_s_own_convolutions_pass_the_probe()
    {
        // The probe's harness has no false alarm: the exact native kernels read nothing unwritten.
        try
        {
            CpuKernels.SetOneDnn(false);
            Assert.Null(OneDnnProbe.FirstNonFinite());
        }
        finally { CpuKernels.ApplyDefaults(); }
    }

    [Fact]
    public void OneDnn_and_native_convolutions_agree()
    {
        manual_seed(3);
        using var conv = nn.Conv2d(5, 7, 3, padding: 1, bias: false); // channel counts that oneDNN pads
        using var x = randn(4, 5, 11, 11);
        try
        {
            CpuKernels.SetOneDnn(false);
            using var native = conv.call(x);
            CpuKernels.SetOneDnn(true);
            for (int i = 0; i < 20; i++)
            {
                using var fast = conv.call(x);
                Assert.True(fast.allclose(native, rtol: 1e-4, atol: 1e-5));
            }
        }
        finally { CpuKernels.ApplyDefaults(); }
    }

    [Fact]
    public void The_agreement_check_names_the_first_case_oneDNN_gets_wrong()
    {
        var cases = OneDnnProbe.AgreementCases.Take(3).ToList();
        Tensor[] Ones(OneDnnProbe.Case c) => [ones(new long[] { c.Out, 5 })];
        Assert.Null(OneDnnProbe.FirstDisagreement(cases, 0, (c, g, oneDnn) => Ones(c)));
        // 1% off on the second case only (as oneDNN was, by far more, on 20-channel convolutions): that case is named.
        var second = OneDnnProbe.FirstDisagreement(cases, 0, (c, g, oneDnn) => oneDnn && c == cases[1] ? [ones(new long[] { c.Out, 5 }).mul_(1.01)] : Ones(c));
        Assert.StartsWith(cases[1].ToString(), second);
        Assert.StartsWith(cases[0].ToString(), OneDnnProbe.FirstDisagreement(cases, 0, (c, g, oneDnn) => oneDnn ? [full(new long[] { c.Out, 5 }, float.NaN)] : Ones(c)));
        // Rounding differences are not disagreements.
        Assert.Null(OneDnnProbe.FirstDisagreement(cases, 0, (c, g, oneDnn) => oneDnn ? [ones(new long[] { c.Out, 5 }).mul_(1.0000005)] : Ones(c)));
    }

    [Fact]
    public void OneDNN_is_on_by_default_only_where_it_computes_what_libtorch_s_own_kernels_do()
    {
        bool? chosen = CpuKernels.ApplyDefaults();
        if (chosen == true) Assert.Null(OneDnnProbe.FirstDisagreement());
        else Assert.Contains("oneDNN", CpuKernels.Reason);
        Assert.Equal(chosen, CpuKernels.OneDnnEnabled); // the check leaves the choice as it was
    }

    // Two 3x3 convolutions of the same shape and one of another: two distinct ones; a batch norm between them.
    private static nn.Module<Tensor, Tensor> Network(int width)
    {
        manual_seed(1);
        return nn.Sequential(nn.Conv2d(1, width, 3, padding: 1), nn.BatchNorm2d(width), nn.ReLU(),
            nn.Conv2d(width, width, 3, padding: 1), nn.Conv2d(width, width, 3, padding: 1), nn.Conv2d(width, 8, 1));
    }

    [Fact]
    public void The_per_network_check_counts_distinct_convolutions_and_leaves_the_network_as_it_was()
    {
        using var network = Network(16);
        network.train();
        var before = network.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        bool? chosen = CpuKernels.OneDnnEnabled;
        Assert.Equal(3, OneDnnProbe.ConvolutionCount(network, [1, 8, 8])); // 1->16, 16->16 (twice), 16->8 1x1
        OneDnnProbe.FirstDisagreement(network, [1, 8, 8]);
        Assert.Equal(chosen, CpuKernels.OneDnnEnabled);
        Assert.True(network.training);
        Assert.All(network.modules(), m => Assert.True(m.training));
        foreach (var (name, value) in network.state_dict()) Assert.True(value.allclose(before[name], rtol: 0, atol: 0), name); // weights and batch-norm statistics
        Assert.All(network.parameters(), p => Assert.Null(p.grad));
        foreach (var t in before.Values) t.Dispose();
    }

    [Fact]
    public void The_per_network_check_finds_the_widths_oneDNN_gets_wrong_only_where_it_gets_some_wrong()
    {
        using var sixteen = Network(16);
        using var twenty = Network(20);
        string? right = OneDnnProbe.FirstDisagreement(sixteen, [1, 8, 8]), wrong = OneDnnProbe.FirstDisagreement(twenty, [1, 8, 8]);
        if (OneDnnProbe.FirstDisagreement() is null)
        {
            Assert.Null(right);
            Assert.Null(wrong);
        }
        else
        {
            // Here oneDNN gets 20-channel 3x3 convolutions wrong (docs/benchmarks.md) and multiples of 16 right.
            Assert.Null(right);
            Assert.StartsWith("Conv2d in 1x", wrong);
            Assert.Contains("from libtorch's own", wrong);
        }
    }

    [Fact]
    public void A_network_is_admitted_to_oneDNN_only_in_a_one_network_process_where_oneDNN_is_off_for_others_and_only_until_disposed()
    {
        bool? chosen = CpuKernels.ApplyDefaults();
        string? reason = CpuKernels.Reason;
        using var sixteen = Network(16);
        using var twenty = Network(20);
        using (CpuKernels.AdmitOneDnnFor(sixteen, [1, 8, 8])) Assert.Equal(chosen, CpuKernels.OneDnnEnabled); // not a one-network process
        Assert.Null(CpuKernels.Admits(sixteen, [1, 8, 8]));
        bool was = CpuKernels.OneNetworkAtATime;
        CpuKernels.OneNetworkAtATime = true;
        try
        {
            if (chosen == false && OneDnnProbe.FirstDisagreement() is not null)
            {
                Assert.True(CpuKernels.Admits(sixteen, [1, 8, 8]));
                Assert.False(CpuKernels.Admits(twenty, [1, 8, 8])); // 20 input channels, 3x3: wrong here
                using (var admitted = CpuKernels.AdmitOneDnnFor(twenty, [1, 8, 8]))
                {
                    Assert.True(CpuKernels.OneDnnEnabled); // with its wrong convolutions routed (below)
                    Assert.True(admitted.Routed > 0);
                }
            }
            else Assert.Null(CpuKernels.Admits(sixteen, [1, 8, 8])); // the process's choice stands for every network
            Assert.Equal(chosen, CpuKernels.OneDnnEnabled); // asking switches nothing
            using (CpuKernels.AdmitOneDnnFor(sixteen, [1, 8, 8]))
            {
                if (chosen == false && OneDnnProbe.FirstDisagreement() is not null)
                {
                    Assert.True(CpuKernels.OneDnnEnabled);
                    Assert.StartsWith("oneDNN on for this network: its 3 distinct convolution(s) agree", CpuKernels.Reason);
                }
                else Assert.Equal(chosen, CpuKernels.OneDnnEnabled);
            }
            Assert.Equal(chosen, CpuKernels.OneDnnEnabled);
            Assert.Equal(reason, CpuKernels.Reason);
        }
        finally { CpuKernels.OneNetworkAtATime = was; }
    }

    [Fact]
    public void A_convolution_the_check_s_forward_pass_does_not_reach_is_listed_as_unchecked()
    {
        manual_seed(1);
        using var reached = nn.Conv2d(16, 16, 3, padding: 1);
        using var unreached = nn.Conv2d(16, 16, 3, padding: 1); // an auxiliary head, or a branch no checked child took
        using var network = nn.Sequential(("reached", reached), ("unreached", unreached));
        var listed = OneDnnProbe.Disagreements(network, x => reached.call(x), [16, 8, 8]);
        Assert.Equal([(unreached, "not reached by the check's forward pass")], listed.Select(d => ((nn.Module<Tensor, Tensor>)d.Module, d.Why)).ToList());
        Assert.Empty(OneDnnProbe.Disagreements(network, network.call, [16, 8, 8])); // 16 channels: right everywhere measured
    }

    // The output and every parameter's gradient after one forward and backward pass on fixed data.
    private static Tensor[] Step(nn.Module<Tensor, Tensor> network)
    {
        network.zero_grad();
        using var generator = new Generator(3);
        var y = network.call(randn([4, 1, 8, 8], generator: generator));
        y.pow(2).mean().backward();
        return [y.detach().clone(), .. network.parameters().Select(p => p.grad!.clone())];
    }

    [Fact]
    public void A_network_with_convolutions_oneDNN_gets_wrong_trains_as_with_libtorch_s_own_kernels_when_they_are_routed()
    {
        bool? chosen = CpuKernels.ApplyDefaults();
        bool wrongHere = chosen == false && OneDnnProbe.FirstDisagreement() is not null;
        using var scope = NewDisposeScope();
        using var twenty = Network(20);
        twenty.train();
        var reference = Step(twenty); // with the process's kernels: libtorch's own where oneDNN gets some wrong
        bool was = CpuKernels.OneNetworkAtATime;
        CpuKernels.OneNetworkAtATime = true;
        try
        {
            using (var admission = CpuKernels.AdmitOneDnnFor(twenty, [1, 8, 8]))
            {
                if (wrongHere)
                {
                    Assert.True(CpuKernels.OneDnnEnabled);
                    Assert.StartsWith("oneDNN on for this network but for ", CpuKernels.Reason);
                    Assert.Contains("convolution module(s) it computes wrong, which run on libtorch's own kernels", CpuKernels.Reason);
                }
                else Assert.Equal(chosen, CpuKernels.OneDnnEnabled);
                var routed = Step(twenty);
                for (int i = 0; i < reference.Length; i++) Assert.True(routed[i].allclose(reference[i], rtol: 1e-4, atol: 1e-5), $"tensor {i}");
                // A replica built through the admission is routed as the network is (the same initial weights: Network seeds them).
                using var replica = admission.Replicating(() => Network(20))!();
                replica.train();
                var copy = Step(replica);
                for (int i = 0; i < reference.Length; i++) Assert.True(copy[i].allclose(reference[i], rtol: 1e-4, atol: 1e-5), $"replica's tensor {i}");
                // On for the network where it routes; where the process already has oneDNN on for everything, still on.
                Assert.Equal(wrongHere || chosen == true, CpuKernels.OneDnnEnabled);
            }
            Assert.Equal(chosen, CpuKernels.OneDnnEnabled);
            if (wrongHere)
            {
                // Not routed, the same network's numbers are not libtorch's: the comparison above can fail.
                CpuKernels.SetOneDnn(true);
                var unrouted = Step(twenty);
                Assert.Contains(Enumerable.Range(0, reference.Length), i => !unrouted[i].allclose(reference[i], rtol: 1e-4, atol: 1e-5));
            }
        }
        finally
        {
            CpuKernels.OneNetworkAtATime = was;
            CpuKernels.ApplyDefaults();
        }
    }
}

public class OwnKernelRouteTests
{
    // Doubles its input; records whether oneDNN was on during its forward pass and during its backward pass.
    private sealed class Recorder() : nn.Module<Tensor, Tensor>("recorder")
    {
        public bool? Forward { get; private set; }

        public override Tensor forward(Tensor x)
        {
            Forward = CpuKernels.OneDnnEnabled;
            return Seen.apply(x.mul(2));
        }
    }

    private sealed class Seen : autograd.SingleTensorFunction<Seen>
    {
        public static bool? Backward { get; set; }

        public override string Name => "Seen";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars) => ((Tensor)vars[0]).alias();

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            Backward = CpuKernels.OneDnnEnabled;
            return [grad_output];
        }
    }

    [SkippableFact]
    public void A_routed_module_runs_with_oneDNN_off_forward_and_backward_and_everything_else_with_it_on()
    {
        bool? chosen = CpuKernels.ApplyDefaults();
        Skip.IfNot(CpuKernels.SetOneDnn(true) == true, "oneDNN cannot be switched in this libtorch");
        try
        {
            using var scope = NewDisposeScope();
            using var recorder = new Recorder();
            using var first = nn.Linear(3, 3);
            var w = ones(3).requires_grad_();
            var x = ones(2, 3); // the images: no gradient of their own
            using (new OwnKernelRoute([recorder, first]))
            {
                Seen.Backward = null;
                var y = recorder.call(first.call(x)).mul(w).sum();
                Assert.False(recorder.Forward);
                Assert.True(CpuKernels.OneDnnEnabled); // on again after the modules' forward passes
                y.backward();
                Assert.False(Seen.Backward); // off inside the module's backward pass
                Assert.True(CpuKernels.OneDnnEnabled); // and on again after the last one
                Assert.NotNull(first.weight!.grad); // the gradients flow through the gates

                // The gradient of the first layer's weights alone: its input's gradient is not needed, so the gate after
                // its backward never runs and oneDNN stays off, until the next forward pass reaches a routed module.
                autograd.grad([first.call(x).sum()], [first.weight!]);
                Assert.False(CpuKernels.OneDnnEnabled);
                using (no_grad()) recorder.call(first.call(x));
                Assert.False(recorder.Forward);
                Assert.True(CpuKernels.OneDnnEnabled);
            }
            Assert.True(CpuKernels.OneDnnEnabled);
            recorder.call(x);
            Assert.True(recorder.Forward); // no longer routed
        }
        finally { CpuKernels.ApplyDefaults(); }
        Assert.Equal(chosen, CpuKernels.OneDnnEnabled);
    }

    [Fact]
    public void A_routed_convolution_runs_a_batch_that_would_unfold_past_the_limit_in_slices_under_it()
    {
        using var five = nn.Conv2d(24, 24, 5, padding: 2);
        using var strided = nn.Conv2d(24, 24, 5, stride: 2, padding: 2);
        using var linear = nn.Linear(3, 3);
        using var scope = NewDisposeScope();
        // 24 channels x 25 taps x 28x28 positions x 4 bytes = 1.88 MB an image: 8 images under 16 MiB.
        Assert.Equal(8, ConvolutionSlicing.SliceOf(five, zeros(64, 24, 28, 28)));
        Assert.Equal(5, ConvolutionSlicing.SliceOf(five, zeros(5, 24, 28, 28))); // never more than the batch
        Assert.Equal(35, ConvolutionSlicing.SliceOf(strided, zeros(64, 24, 28, 28))); // 14x14 positions
        Assert.Equal(1, ConvolutionSlicing.SliceOf(five, zeros(4, 24, 400, 400))); // at least one
        Assert.Equal(64, ConvolutionSlicing.SliceOf(linear, zeros(64, 3)));
    }

    [Fact]
    public void A_sliced_convolution_computes_what_the_whole_batch_does_forward_and_backward_and_leaves_no_tensor()
    {
        bool? chosen = CpuKernels.ApplyDefaults();
        try
        {
            manual_seed(2);
            using var convolution = nn.Conv2d(24, 24, 5, padding: 2);
            using var generator = new Generator(5);
            using var x = randn([20, 24, 28, 28], generator: generator);
            (Tensor Output, Tensor Weight, Tensor Input) Step()
            {
                convolution.zero_grad();
                using var scope = NewDisposeScope();
                var input = x.clone().requires_grad_(true);
                var y = convolution.call(input);
                y.pow(2).mean().backward();
                return (y.detach().clone().MoveToOuterDisposeScope(), convolution.weight!.grad!.clone().MoveToOuterDisposeScope(), input.grad!.clone().MoveToOuterDisposeScope());
            }
            var (output, weight, input) = Step(); // the process's kernels, whole batch
            bool switchable = CpuKernels.SetOneDnn(true) == true; // as an admission leaves it around a routed network
            var batches = new List<long>();
            var seen = convolution.register_forward_hook((_, i, o) => { batches.Add(i.shape[0]); return o; });
            long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            using (new OwnKernelRoute([convolution]))
            {
                var (slicedOutput, slicedWeight, slicedInput) = Step();
                Assert.Equal([8L, 8, 4, 0], batches); // three slices, then the module on no images
                Assert.True(slicedOutput.allclose(output, rtol: 1e-4, atol: 1e-5));
                Assert.True(slicedWeight.allclose(weight, rtol: 1e-4, atol: 1e-5));
                Assert.True(slicedInput.allclose(input, rtol: 1e-4, atol: 1e-5));
                foreach (var t in new[] { slicedOutput, slicedWeight, slicedInput }) t.Dispose();
                if (switchable) Assert.True(CpuKernels.OneDnnEnabled); // every slice's gates closed again, forward and backward
                batches.Clear();
                using (no_grad())
                using (var scope = NewDisposeScope())
                {
                    var y = convolution.call(x);
                    Assert.Equal([8L, 8, 4, 0], batches);
                    Assert.True(y.allclose(output, rtol: 1e-4, atol: 1e-5));
                }
                batches.Clear();
                using (var scope = NewDisposeScope()) convolution.call(x.narrow(0, 0, 8));
                Assert.Equal([8L], batches); // a batch under the limit runs whole
            }
            seen.remove();
            convolution.zero_grad();
            Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            foreach (var t in new[] { output, weight, input }) t.Dispose();
        }
        finally { CpuKernels.ApplyDefaults(); }
        Assert.Equal(chosen, CpuKernels.OneDnnEnabled);
    }
}
