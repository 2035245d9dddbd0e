using Nas.Search;

namespace Nas.Spaces.Recurrent;

/// <summary>The <c>rnn-tree</c> space's registration.</summary>
public sealed class RnnTreeSpaceKind : SpaceKind
{
    /// <summary>The registration with its setting: <c>leaves</c>.</summary>
    public RnnTreeSpaceKind() : base(RnnTreeSpace.Name, SpaceTask.Language,
        "NAS-RL's recurrent tree cell: per tree node a combination and an activation",
        [Setting.Integer("leaves", 8, "leaves of the tree, a power of two (NAS-RL: 8)", minimum: 2, maximum: 64)],
        settings => RnnTreeSpace.Create(RnnTreeSpaceOptions.FromJson(settings)))
    { }
}
