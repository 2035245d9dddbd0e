using Nas.Torch.OneShot;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Controllers;

/// <summary>Module weights and optimiser state to bytes and back, in TorchSharp's own binary formats.</summary>
internal static class ControllerCheckpoint
{
    public static byte[] Save(nn.Module module)
    {
        using var stream = new MemoryStream();
        module.save(stream);
        return stream.ToArray();
    }

    public static void Load(nn.Module module, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var noGrad = no_grad();
        module.load(stream);
    }

    /// <summary>Adam's state in TorchSharp's format (<see cref="AlphaAdam.Save"/>).</summary>
    public static byte[] Save(AlphaAdam optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.Save(writer);
        return stream.ToArray();
    }

    public static void Load(AlphaAdam optimizer, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        optimizer.Load(reader);
    }
}
