using System.CommandLine;
using Nas.Cli.Console;
using Nas.Reporting;
using Nas.Spaces.Cells;

namespace Nas.Cli.Commands;

/// <summary><c>nas draw</c>: the normal and reduction cells of a cell architecture as SVG or Graphviz DOT.</summary>
internal static class DrawCommand
{
    public static Command Create()
    {
        var arch = new Option<string>("--arch") { Description = "Cell architecture file (best.json), genotype file, or published cell (DARTS_V2, NASNet, ...)", Required = true };
        var output = new Option<string?>("--out") { Description = "Output file; .dot or .gv writes Graphviz DOT, anything else SVG (default: SVG on standard output)" };
        var format = new Option<string?>("--format") { Description = "svg or dot (default: from the --out extension)" };
        var cell = new Option<string?>("--cell") { Description = "Only this cell: normal or reduce (default: both)" };
        var command = new Command("draw", "Draw the cells of a cell architecture (nodes, edges labelled with their ops)");
        foreach (var o in new Option[] { arch, output, format, cell }) command.Options.Add(o);
        command.SetAction((r, ct) => CommandRunner.Run(() =>
        {
            var architecture = Architectures.ArchitectureSource.Load(r.GetValue(arch)!);
            if (!CellSpace.IsCellSpace(architecture.Space))
                throw new NasUserException($"--arch: nas draw draws cells; '{r.GetValue(arch)}' is an architecture of the {architecture.Space.Name} space");
            var genotype = CellSpace.ToGenotype(architecture);
            var path = r.GetValue(output);
            var kind = ParseFormat(r.GetValue(format), path);
            CellKind? only = r.GetValue(cell)?.ToLowerInvariant() switch
            {
                null => null,
                "normal" => CellKind.Normal,
                "reduce" or "reduction" => CellKind.Reduce,
                var other => throw new NasUserException($"--cell: unknown cell '{other}' (known: normal, reduce)"),
            };
            string text = CellDiagram.Render(genotype, kind, only);
            if (path is null)
            {
                System.Console.Out.Write(text);
                return 0;
            }
            OutputFile.Write(path, text);
            System.Console.Out.WriteLine($"wrote {path} ({kind.ToString().ToLowerInvariant()}, {(only is null ? "normal and reduction cells" : only.ToString()!.ToLowerInvariant() + " cell")})");
            return 0;
        }));
        return command;
    }

    private static CellDiagramFormat ParseFormat(string? format, string? path) => format?.ToLowerInvariant() switch
    {
        "svg" => CellDiagramFormat.Svg,
        "dot" or "gv" => CellDiagramFormat.Dot,
        null => Path.GetExtension(path ?? "").ToLowerInvariant() is ".dot" or ".gv" ? CellDiagramFormat.Dot : CellDiagramFormat.Svg,
        var other => throw new NasUserException($"--format: unknown format '{other}' (known: svg, dot)"),
    };
}
