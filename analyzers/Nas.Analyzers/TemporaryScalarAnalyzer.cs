using System.Collections.Immutable;
using System.Linq;
using System;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;

namespace Nas.Analyzers;

/// <summary>
/// No temporary TorchSharp <c>Scalar</c>s. TorchSharp 0.107 reads a Scalar only for its native handle, so a Scalar
/// made for one call (<c>t * 2.0</c>, <c>t.mul(0.5)</c>, <c>a + b</c>, whose alpha 1 is one) can be finalized by the GC
/// while libtorch still reads it: a crash, measured by <c>Nas.Bench scalarrace</c> (docs/benchmarks.md). Reported:
/// <list type="bullet">
/// <item>a conversion to Scalar (implicit or <c>ToScalar()</c>) whose result is not held: held means stored in a
/// field or property, or in a <c>using</c> variable, which lives until the end of its scope;</item>
/// <item>a call of a TorchSharp member that makes one inside (<c>a + b</c>, <c>t + 1.0</c>, <c>add(Tensor)</c>,
/// <c>optim.SGD.step</c>, ...): the list <c>TorchSharpScalarMakers.txt</c>, found in TorchSharp's IL;</item>
/// <item>creating a TorchSharp module or optimiser whose <c>forward</c> or <c>step</c> is on that list
/// (<c>nn.BatchNorm1d</c>: its forward counts batches with a temporary Scalar).</item>
/// </list>
/// Ops that take no Scalar (<c>a * b</c>, <c>a - b</c>, <c>lerp</c>, <c>addmm</c>) or a held one (<c>a.add(b, One)</c>)
/// are fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TemporaryScalarAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "NAS0001";

    private const string Advice = "; hold the Scalar in a field (or a using variable) or use an op that takes none (see docs/ARCHITECTURE.md)";

    public static readonly DiagnosticDescriptor Rule = new(Id, "Temporary TorchSharp Scalar",
        "{0} makes a temporary TorchSharp Scalar, which the GC can free while libtorch still reads it" + Advice,
        "Reliability", DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly ImmutableHashSet<string> Makers = ScalarMakers.Load();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var scalar = start.Compilation.GetTypeByMetadataName("TorchSharp.Scalar");
            if (scalar is null) return; // no TorchSharp here
            start.RegisterOperationAction(c => Conversion(c, scalar), OperationKind.Conversion);
            start.RegisterOperationAction(c => Invocation(c, scalar), OperationKind.Invocation);
            start.RegisterOperationAction(c => Call(c, ((IBinaryOperation)c.Operation).OperatorMethod, Quoted(c.Operation)), OperationKind.Binary);
            start.RegisterOperationAction(c => Call(c, ((ICompoundAssignmentOperation)c.Operation).OperatorMethod, Quoted(c.Operation)), OperationKind.CompoundAssignment);
            start.RegisterOperationAction(c => Call(c, ((IUnaryOperation)c.Operation).OperatorMethod, Quoted(c.Operation)), OperationKind.Unary);
            start.RegisterOperationAction(c => Call(c, ((IPropertyReferenceOperation)c.Operation).Property.GetMethod, null), OperationKind.PropertyReference);
            start.RegisterOperationAction(c => Creation(c, ((IObjectCreationOperation)c.Operation).Type), OperationKind.ObjectCreation);
        });
    }

    private static void Conversion(OperationAnalysisContext c, INamedTypeSymbol scalar)
    {
        var conversion = (IConversionOperation)c.Operation;
        if (conversion.OperatorMethod is null || !SymbolEqualityComparer.Default.Equals(conversion.Type, scalar)) return;
        if (IsHeld(conversion)) return;
        Report(c, conversion.Syntax.GetLocation(), $"converting {conversion.Operand.Type?.ToDisplayString() ?? "a value"} to Scalar here");
    }

    private static void Invocation(OperationAnalysisContext c, INamedTypeSymbol scalar)
    {
        var invocation = (IInvocationOperation)c.Operation;
        var method = invocation.TargetMethod;
        if (method.Name == "ToScalar" && SymbolEqualityComparer.Default.Equals(method.ReturnType, scalar))
        {
            if (!IsHeld(invocation)) Report(c, invocation.Syntax.GetLocation(), "ToScalar() here");
            return;
        }
        Call(c, method, null);
        // TorchSharp's factories (nn.BatchNorm2d, optim.SGD); the project's own wrappers answer for what they return.
        if (method.ContainingAssembly?.Name == "TorchSharp") Creation(c, method.ReturnType);
    }

    /// <summary>An operator as written, for the message (<c>'a + b'</c>), shortened when long.</summary>
    private static string Quoted(IOperation operation)
    {
        var text = string.Join(" ", operation.Syntax.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return "'" + (text.Length > 60 ? text.Substring(0, 57) + "..." : text) + "'";
    }

    private static void Call(OperationAnalysisContext c, IMethodSymbol? method, string? what)
    {
        if (method is null || !IsMaker(method)) return;
        Report(c, c.Operation.Syntax.GetLocation(), what ?? $"{method.ContainingType.Name}.{method.Name}");
    }

    /// <summary>A TorchSharp module or optimiser whose forward or step makes a temporary Scalar at every call.</summary>
    private static void Creation(OperationAnalysisContext c, ITypeSymbol? type)
    {
        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
        {
            if (t.ContainingAssembly?.Name != "TorchSharp") continue;
            foreach (var member in t.GetMembers().OfType<IMethodSymbol>())
                if (member.Name is "forward" or "step" && IsMaker(member))
                {
                    Report(c, c.Operation.Syntax.GetLocation(), $"{type!.Name} (its {member.Name}, at every call)");
                    return;
                }
        }
    }

    private static bool IsMaker(IMethodSymbol method)
    {
        var original = method.ReducedFrom ?? method;
        original = original.OriginalDefinition;
        if (original.ContainingAssembly?.Name != "TorchSharp") return false;
        var id = original.GetDocumentationCommentId();
        return id is not null && Makers.Contains(id);
    }

    /// <summary>Whether a new Scalar is stored where it lives on: a field, a property, or a using variable.</summary>
    private static bool IsHeld(IOperation value)
    {
        var child = value;
        var parent = value.Parent;
        // Through what only passes the value on: conversions, parentheses, x?.ToScalar(), a ? b : c, a ?? b.
        while (parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation or IConditionalOperation or ICoalesceOperation
               || parent is IConditionalAccessOperation access && access.WhenNotNull == child)
        {
            child = parent;
            parent = parent.Parent;
        }
        switch (parent)
        {
            case IFieldInitializerOperation or IPropertyInitializerOperation:
                return true;
            case ISimpleAssignmentOperation assignment when assignment.Value == child:
                return assignment.Target is IFieldReferenceOperation or IPropertyReferenceOperation;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation declaration } }:
                return declaration.Parent is IUsingDeclarationOperation or IUsingOperation
                    || declaration.Parent is IVariableDeclarationGroupOperation { Parent: IUsingOperation or IUsingDeclarationOperation };
            default:
                return false;
        }
    }

    private static void Report(OperationAnalysisContext c, Location location, string what)
    {
        c.ReportDiagnostic(Diagnostic.Create(Rule, location, what));
    }
}
