using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Nas.Analyzers;

namespace Nas.Tests.Analyzers;

/// <summary>
/// The NAS0001 guard: code that makes a temporary TorchSharp Scalar does not compile in Nas.Torch. Each case is a
/// snippet compiled against the real TorchSharp and run through the analyzer.
/// </summary>
public class TemporaryScalarAnalyzerTests
{
    private static readonly MetadataReference[] References = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p))
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.Scalar).Assembly.Location)).ToArray();

    private static ImmutableArray<Diagnostic> Analyze(string body, string path = "src/Nas.Torch/Training/Snippet.cs")
    {
        var source = $$"""
            using System;
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            public sealed class Snippet
            {
                private static readonly Scalar One = 1.ToScalar();
                private readonly Scalar _held = 0.5.ToScalar();
                private Scalar? _assigned;

                public Tensor Run(Tensor a, Tensor b, double x, Parameter p)
                {
                    {{body}}
                }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(source, path: path);
        var compilation = CSharpCompilation.Create("Snippet", [tree], References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.WithAnalyzers([new TemporaryScalarAnalyzer()]).GetAnalyzerDiagnosticsAsync().Result;
    }

    [Theory]
    [InlineData("return a + b;", "'a + b'")]                       // a.add(b, 1): the 1 is a temporary Scalar
    [InlineData("return a * 2.0;", "'a * 2.0'")]
    [InlineData("return 1 - a;", "'1 - a'")]
    [InlineData("a += b; return a;", "'a += b'")]
    [InlineData("return a.add(b);", "Tensor.add")]
    [InlineData("return a.add_(b);", "Tensor.add_")]
    [InlineData("return a.mul(x);", "converting double to Scalar")]
    [InlineData("return a.add(b, alpha: 0.5);", "converting double to Scalar")]
    [InlineData("return a.clamp(min: 0.0);", "converting double to Scalar")]
    [InlineData("return a.masked_fill(a > b, 0);", "converting int to Scalar")]
    [InlineData("var s = x.ToScalar(); return a.mul(s);", "ToScalar()")]  // a local the GC may collect after its last use
    [InlineData("return a.square();", "Tensor.square")]
    [InlineData("return arange(10L);", "arange")]
    [InlineData("using var bn = nn.BatchNorm1d(4); return bn.call(a);", "BatchNorm1d (its forward")]
    [InlineData("using var sgd = optim.SGD(new[] { p }, 0.1); sgd.step(); return a;", "SGD.step")]
    public void A_temporary_scalar_is_an_error(string body, string expected)
    {
        var d = Assert.Single(Analyze(body), d => d.GetMessage().Contains(expected));
        Assert.Equal(TemporaryScalarAnalyzer.Id, d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
    }

    [Theory]
    [InlineData("return a.add(b, One);")]
    [InlineData("return a - b;")]                                        // sub(Tensor) takes no Scalar in TorchSharp 0.107
    [InlineData("return a * b;")]
    [InlineData("return a.mul(_held);")]
    [InlineData("_assigned = x.ToScalar(); return a.mul(_assigned);")]
    [InlineData("using var s = x.ToScalar(); return a.mul(s);")]
    [InlineData("using (var s = (1 - x).ToScalar()) return a.div(s);")]
    [InlineData("return a.lerp(b, b);")]
    [InlineData("return a.addmm(b, b);")]
    [InlineData("return a.neg().add(One, One);")]
    [InlineData("return arange(One, One, One);")]
    public void Held_scalars_and_ops_without_one_pass(string body) => Assert.Empty(Analyze(body));

    [Fact]
    public void Every_listed_member_names_a_TorchSharp_member()
    {
        var compilation = CSharpCompilation.Create("Ids", [], References);
        var unresolved = ScalarMakers.Load().Where(id => DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) is null).ToList();
        Assert.True(unresolved.Count == 0, "ids that name nothing (the rule would miss them):\n" + string.Join("\n", unresolved));
        Assert.Contains("M:TorchSharp.torch.Tensor.op_Addition(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)", ScalarMakers.Load());
    }

    /// <summary>
    /// The list is what TorchSharp's IL says. After a TorchSharp upgrade this fails; run the tests once with
    /// NAS_UPDATE_SCALAR_MAKERS=1 to rewrite the list, and review its diff.
    /// </summary>
    [Fact]
    public void The_list_is_what_TorchSharp_makes_inside()
    {
        var found = ScalarMakerScan.Run(typeof(TorchSharp.Scalar).Assembly);
        var path = Path.Combine(RepositoryRoot(), "analyzers", "Nas.Analyzers", ScalarMakers.ResourceName);
        var listed = ScalarMakers.Parse(File.ReadAllText(path));
        if (Environment.GetEnvironmentVariable("NAS_UPDATE_SCALAR_MAKERS") == "1" && !listed.SetEquals(found))
        {
            var header = File.ReadLines(path).TakeWhile(l => l.StartsWith('#'));
            File.WriteAllLines(path, header.Concat(found));
            listed = ScalarMakers.Parse(File.ReadAllText(path));
        }
        Assert.True(listed.SetEquals(found),
            $"TorchSharpScalarMakers.txt is out of date (NAS_UPDATE_SCALAR_MAKERS=1 rewrites it). Missing: {string.Join(", ", found.Except(listed).Take(10))}; no longer: {string.Join(", ", listed.Except(found).Take(10))}");
        Assert.Contains("M:TorchSharp.Modules.SGD.step(System.Func{TorchSharp.torch.Tensor})", found);
        Assert.DoesNotContain("M:TorchSharp.torch.Tensor.op_Subtraction(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)", found);
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Nas.slnx"))) return d.FullName;
        throw new DirectoryNotFoundException("no Nas.slnx above the test binaries");
    }
}
