using Nas.Search;
using Nas.Spaces;
using Nas.Torch.Controllers;

namespace Nas.Torch.Search;

/// <summary>
/// Every search method by name, the one entry point for running any search from code or the CLI: one multi-trial
/// method per strategy of the <see cref="StrategyCatalog"/> (random, evolution, reinforce, and any strategy
/// registered there), and the methods that train one network: ENAS, DARTS (first and second order) and SNAS.
/// </summary>
public sealed class SearchCatalog
{
    private readonly Dictionary<string, SearchMethod> _methods = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];

    /// <param name="strategies">The multi-trial strategies.</param>
    /// <param name="spaces">The spaces requests may name.</param>
    public SearchCatalog(StrategyCatalog strategies, SpaceCatalog spaces)
    {
        Strategies = strategies;
        Spaces = spaces;
    }

    /// <summary>The catalog of the built-in methods over <see cref="StrategyCatalog.Default"/> (to which it adds reinforce and bananas) and <see cref="SpaceCatalog.Default"/>.</summary>
    public static SearchCatalog Default { get; } = CreateDefault();

    private static SearchCatalog CreateDefault()
    {
        if (StrategyCatalog.Default.Find(ReinforceRegistration.Registration.Name) is null) StrategyCatalog.Default.Register(ReinforceRegistration.Registration);
        if (StrategyCatalog.Default.Find(Surrogates.BananasRegistration.Registration.Name) is null) StrategyCatalog.Default.Register(Surrogates.BananasRegistration.Registration);
        var catalog = new SearchCatalog(StrategyCatalog.Default, SpaceCatalog.Default);
        catalog.Register(EnasMethod.Instance);
        catalog.Register(DifferentiableMethod.Darts);
        catalog.Register(DifferentiableMethod.DartsSecondOrder);
        catalog.Register(DifferentiableMethod.Snas);
        catalog.Register(Auto.AutoMethod.Instance);
        return catalog;
    }

    /// <summary>The strategies whose multi-trial methods this catalog offers.</summary>
    public StrategyCatalog Strategies { get; }

    /// <summary>The spaces.</summary>
    public SpaceCatalog Spaces { get; }

    /// <summary>Adds (or replaces) a method that is not a multi-trial strategy.</summary>
    /// <param name="method">The method; its name is its key.</param>
    public void Register(SearchMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!_methods.ContainsKey(method.Name)) _order.Add(method.Name);
        _methods[method.Name] = method;
    }

    /// <summary>Every method: the multi-trial ones first, in the order of their strategies.</summary>
    public IReadOnlyList<SearchMethod> Methods =>
        [.. Strategies.Strategies.Where(s => !_methods.ContainsKey(s.Name)).Select(s => new TrialSearchMethod(s)), .. _order.Select(n => _methods[n])];

    /// <summary>The method called <paramref name="name"/>, or null.</summary>
    /// <param name="name">The method's name.</param>
    public SearchMethod? Find(string name) =>
        _methods.GetValueOrDefault(name) ?? (Strategies.Find(name) is { } s ? new TrialSearchMethod(s) : null);

    /// <summary>The method called <paramref name="name"/>; <see cref="SettingException"/> on <c>method</c> when unknown.</summary>
    /// <param name="name">The method's name.</param>
    public SearchMethod Method(string name) => Find(name)
        ?? throw new SettingException("method", $"'{name}' is not a search method (known: {string.Join(", ", Methods.Select(m => m.Name))})");

    /// <summary>Checks <paramref name="request"/>, loads its data and builds the search; nothing is written.</summary>
    /// <param name="request">What the user asked for.</param>
    public ISearch Create(SearchRequest request) => Method(request.Method).Create(request, Spaces);
}
