namespace Nas.Torch.Proxies;

/// <summary>The zero-cost proxies by name (case-insensitive), in the order they were registered.</summary>
public sealed class ProxyCatalog
{
    private readonly Dictionary<string, IZeroCostProxy> _proxies = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = new();

    /// <summary>The built-in proxies: <c>naswot</c>, <c>synflow</c> and <c>params</c>.</summary>
    public static ProxyCatalog Default { get; } = CreateDefault();

    private static ProxyCatalog CreateDefault()
    {
        var catalog = new ProxyCatalog();
        catalog.Register(new Naswot());
        catalog.Register(new Synflow());
        catalog.Register(new ParameterCountProxy());
        return catalog;
    }

    /// <summary>The registered names, in registration order.</summary>
    public IReadOnlyList<string> Names => _order.ToArray();

    /// <summary>Adds a proxy, or replaces the one of the same name (keeping its place).</summary>
    /// <param name="proxy">The proxy; its <see cref="IZeroCostProxy.Name"/> is its key.</param>
    public void Register(IZeroCostProxy proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        if (!_proxies.ContainsKey(proxy.Name)) _order.Add(proxy.Name);
        _proxies[proxy.Name] = proxy;
    }

    /// <summary>The proxy named <paramref name="name"/>, or null.</summary>
    /// <param name="name">A proxy's name (case-insensitive).</param>
    public IZeroCostProxy? Find(string name) => _proxies.GetValueOrDefault(name);

    /// <summary>The proxy named <paramref name="name"/>.</summary>
    /// <param name="name">A proxy's name (case-insensitive).</param>
    /// <exception cref="ArgumentException">No proxy has that name; the message lists the known ones.</exception>
    public IZeroCostProxy Get(string name) => Find(name)
        ?? throw new ArgumentException($"unknown zero-cost proxy '{name}' (known: {string.Join(", ", _order)})", nameof(name));
}
