using TorchSharp;

namespace Nas.Torch.Training;

/// <summary>
/// A search's own copy of torch's global random generator (dropout masks, random ops). The search runs each
/// epoch with its copy swapped in (<see cref="Enter"/>) and the caller's state put back after, so nothing the
/// caller draws between two epochs (a network built to count its parameters, another search) changes what
/// the next epoch draws, and a search resumed in a new process continues the very stream an unbroken one
/// would have. Held as bytes: nothing to free.
/// </summary>
internal sealed class GlobalRandomStream
{
    private byte[] _state;

    /// <summary>Starts from the global generator's current state.</summary>
    public GlobalRandomStream() => _state = Capture();

    /// <summary>The stream's state, as <c>torch.get_rng_state</c> gives it.</summary>
    public byte[] State
    {
        get => (byte[])_state.Clone();
        set
        {
            // libtorch aborts the process on a state of the wrong length; CheckpointReader checks it first.
            if (value.Length != _state.Length) throw new ArgumentException($"a global generator state has {_state.Length} bytes, not {value.Length}", nameof(value));
            _state = (byte[])value.Clone();
        }
    }

    /// <summary>Swaps the stream in; disposing the result keeps where it got to and puts the caller's state back.</summary>
    public Swap Enter()
    {
        var outside = Capture();
        Set(_state);
        return new Swap(this, outside);
    }

    private static byte[] Capture()
    {
        using var t = torch.get_rng_state();
        return t.data<byte>().ToArray();
    }

    private static void Set(byte[] state)
    {
        using var t = torch.tensor(state);
        torch.set_rng_state(t);
    }

    /// <summary>The stream swapped in until disposed.</summary>
    public readonly struct Swap(GlobalRandomStream owner, byte[] outside) : IDisposable
    {
        public void Dispose()
        {
            owner._state = Capture();
            Set(outside);
        }
    }
}
