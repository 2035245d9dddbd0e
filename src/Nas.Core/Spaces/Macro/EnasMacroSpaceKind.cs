using Nas.Search;

namespace Nas.Spaces.Macro;

/// <summary>The <c>enas-macro</c> space's registration.</summary>
public sealed class EnasMacroSpaceKind : SpaceKind
{
    /// <summary>The registration with its settings: <c>layers</c> and <c>pool_after</c>.</summary>
    public EnasMacroSpaceKind() : base(EnasMacroSpace.Name, SpaceTask.Image,
        "ENAS's macro CNN: per layer one of six ops and the earlier layers whose outputs are summed in",
        [
            Setting.Integer("layers", 12, "searched layers (ENAS: 12)", minimum: 1, maximum: 64),
            Setting.Integers("pool_after", "layers after which the resolution halves (default: after L/3 and 2L/3)", minimum: 1),
        ],
        settings => EnasMacroSpace.Create(EnasMacroSpaceOptions.FromJson(settings)))
    { }
}
