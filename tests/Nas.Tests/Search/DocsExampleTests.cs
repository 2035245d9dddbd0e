using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Nas.Tests.Search;

/// <summary>
/// The complete example of docs/strategies.md, as written there, compiles against the libraries and runs twice in a
/// row in one directory: the second run continues the first's experiment and reports the same best.
/// </summary>
[Collection(nameof(InProcessCli))] // it sets the working directory and the console
public partial class DocsExampleTests
{
    [GeneratedRegex(@"## A complete example.*?```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Example();

    private static string Docs([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "docs", "strategies.md"));

    [Fact]
    public void The_complete_example_compiles_and_runs_twice_against_the_same_file()
    {
        var code = Example().Match(File.ReadAllText(Docs())).Groups["code"].Value;
        Assert.Contains("SearchRunner.RunAsync", code);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([typeof(Nas.Search.SearchRunner).Assembly.Location, typeof(Nas.Torch.Controllers.ReinforceStrategy).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location])
            .Distinct().Select(p => MetadataReference.CreateFromFile(p));
        // What an SDK project's implicit usings give the example (<ImplicitUsings>enable</ImplicitUsings>).
        var implicitUsings = CSharpSyntaxTree.ParseText("global using System; global using System.IO; global using System.Linq; global using System.Collections.Generic; global using System.Threading; global using System.Threading.Tasks;");
        var compilation = CSharpCompilation.Create("DocsExample", [implicitUsings, CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var entry = Assembly.Load(image.ToArray()).EntryPoint!;

        var dir = Directory.CreateTempSubdirectory("nas-docs-example-").FullName;
        var (workingDirectory, console) = (Environment.CurrentDirectory, Console.Out);
        try
        {
            Environment.CurrentDirectory = dir;
            string Run()
            {
                var output = new StringWriter();
                Console.SetOut(output);
                var result = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
                if (result is Task task) task.GetAwaiter().GetResult();
                return output.ToString();
            }
            string first = Run(), second = Run();
            var best = new Regex(@"^reinforce: .*$", RegexOptions.Multiline);
            Assert.Matches(best, first);
            Assert.Equal(best.Match(first).Value, best.Match(second).Value);
            Assert.Contains("evolution: ", second);
            Assert.True(File.Exists(Path.Combine(dir, "runs", "toy", "best.json")));
        }
        finally
        {
            Console.SetOut(console);
            Environment.CurrentDirectory = workingDirectory;
            Directory.Delete(dir, recursive: true);
        }
    }
}
