using Nas.Architectures;
using Nas.Spaces;

namespace Nas.Cli.Console;

/// <summary>Short one-line descriptions of architectures for tables: each space kind's own (<see cref="SpaceKind.Describe"/>).</summary>
internal static class ArchitectureText
{
    public static string Short(Architecture a) => SpaceCatalog.Default.Describe(a);
}
