using System.Reflection;
using System.Reflection.Emit;
using System.Text;

namespace Nas.Tests.Analyzers;

/// <summary>
/// Finds, in TorchSharp's IL, every public member that makes a Scalar inside: one whose body converts a number to a
/// Scalar (<c>Scalar.op_Implicit</c>, <c>ToScalar</c>), or calls, or makes a delegate of, a TorchSharp method that
/// does. The result, as documentation ids, is the analyzer's list (<c>TorchSharpScalarMakers.txt</c>).
/// </summary>
internal static class ScalarMakerScan
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    public static SortedSet<string> Run(Assembly torchSharp)
    {
        var scalar = torchSharp.GetType("TorchSharp.Scalar", throwOnError: true)!;
        var methods = Types(torchSharp).SelectMany(t => t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared))).ToList();
        var callers = new Dictionary<MethodBase, List<MethodBase>>();
        var makers = new HashSet<MethodBase>();
        foreach (var m in methods)
            foreach (var callee in Callees(m))
            {
                if (callee.DeclaringType == scalar && callee.Name == "op_Implicit" || callee.Name == "ToScalar" && callee.DeclaringType?.Name == "ScalarExtensionMethods")
                    makers.Add(m);
                if (!callers.TryGetValue(callee, out var list)) callers[callee] = list = new();
                list.Add(m);
            }
        var queue = new Queue<MethodBase>(makers);
        while (queue.Count > 0)
            if (callers.TryGetValue(queue.Dequeue(), out var list))
                foreach (var caller in list)
                    if (makers.Add(caller)) queue.Enqueue(caller);
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var m in makers)
            if (IsVisible(m) && !(m.DeclaringType == scalar && m.Name == "op_Implicit") && m.Name != "ToScalar")
                ids.Add(DocumentationId(m));
        return ids;
    }

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }

    private static bool IsVisible(MethodBase m)
    {
        if (!(m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly)) return false;
        for (var t = m.DeclaringType; t is not null; t = t.DeclaringType)
            if (!(t.IsPublic || t.IsNestedPublic || t.IsNestedFamily || t.IsNestedFamORAssem)) return false;
        return true;
    }

    /// <summary>The methods a method's IL calls or takes the address of (lambdas are separate methods).</summary>
    private static IEnumerable<MethodBase> Callees(MethodBase m)
    {
        byte[]? il;
        try { il = m.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException) { yield break; }
        if (il is null) yield break;
        var typeArguments = m.DeclaringType is { IsGenericType: true } dt ? dt.GetGenericArguments() : null;
        var methodArguments = m.IsGenericMethod ? m.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            if (!OpCodesByValue.TryGetValue(value, out var op)) yield break;
            int size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (op.OperandType == OperandType.InlineMethod && Resolve(m.Module, BitConverter.ToInt32(il, i), typeArguments, methodArguments) is { } callee)
                yield return callee;
            i += size;
        }
    }

    private static MethodBase? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        MethodBase? target;
        try { target = module.ResolveMethod(token, typeArguments, methodArguments); }
        catch (Exception e) when (e is ArgumentException or TypeLoadException or FileNotFoundException or BadImageFormatException) { return null; }
        // Generic instances stand for their definitions, which is what the caller graph and the ids are made of.
        if (target is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } generic) target = generic.GetGenericMethodDefinition();
        if (target?.DeclaringType is { IsGenericType: true, IsGenericTypeDefinition: false } type)
            target = type.GetGenericTypeDefinition().GetMember(target.Name, Declared).OfType<MethodBase>().FirstOrDefault(d => d.MetadataToken == target.MetadataToken) ?? target;
        return target;
    }

    /// <summary>The method's documentation comment id, as Roslyn's <c>DocumentationCommentId</c> writes it.</summary>
    public static string DocumentationId(MethodBase m)
    {
        var sb = new StringBuilder("M:").Append(TypeName(m.DeclaringType!)).Append('.');
        sb.Append(m is ConstructorInfo ? (m.IsStatic ? "#cctor" : "#ctor") : m.Name.Replace('.', '#'));
        if (m.IsGenericMethod) sb.Append("``").Append(m.GetGenericArguments().Length);
        var parameters = m.GetParameters();
        if (parameters.Length > 0) sb.Append('(').Append(string.Join(",", parameters.Select(p => TypeName(p.ParameterType)))).Append(')');
        if (m is MethodInfo { Name: "op_Implicit" or "op_Explicit" } conversion) sb.Append('~').Append(TypeName(conversion.ReturnType));
        return sb.ToString();
    }

    private static string TypeName(Type t)
    {
        if (t.IsByRef) return TypeName(t.GetElementType()!) + "@";
        if (t.IsPointer) return TypeName(t.GetElementType()!) + "*";
        if (t.IsArray) return TypeName(t.GetElementType()!) + (t.GetArrayRank() == 1 ? "[]" : "[" + string.Join(",", Enumerable.Repeat("0:", t.GetArrayRank())) + "]");
        if (t.IsGenericParameter) return (t.DeclaringMethod is not null ? "``" : "`") + t.GenericParameterPosition;
        string outer = t.DeclaringType is { } d ? TypeName(d.IsGenericType ? d.GetGenericTypeDefinition() : d) + "." : t.Namespace is { Length: > 0 } ns ? ns + "." : "";
        string name = t.Name.Split('`')[0];
        if (!t.IsGenericType) return outer + name;
        var arguments = t.GetGenericArguments();
        int own = arguments.Length - (t.DeclaringType?.GetGenericArguments().Length ?? 0);
        if (own == 0) return outer + name;
        if (t.IsGenericTypeDefinition) return outer + name + "`" + own;
        return outer + name + "{" + string.Join(",", arguments.Skip(arguments.Length - own).Select(TypeName)) + "}";
    }
}
