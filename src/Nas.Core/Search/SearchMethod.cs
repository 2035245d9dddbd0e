using Nas.Spaces;

namespace Nas.Search;

/// <summary>
/// A search method as a catalog knows it: its name, its family, the spaces it can search, its settings for a given
/// space (with the defaults it uses there), and how to build a runnable <see cref="ISearch"/> from a request.
/// </summary>
public abstract class SearchMethod
{
    /// <summary>The name (<c>random</c>, <c>darts</c>), as requests and the CLI give it.</summary>
    public abstract string Name { get; }

    /// <summary>One line for lists of methods.</summary>
    public abstract string Summary { get; }

    /// <summary>The family, for lists: <c>multi-trial</c>, <c>weight sharing</c> or <c>differentiable</c>.</summary>
    public abstract string Family { get; }

    /// <summary>The space searched when a request names none.</summary>
    public abstract string DefaultSpace { get; }

    /// <summary>The space a request searches: the one it names, else the default (which may depend on its data).</summary>
    /// <param name="request">The request.</param>
    public virtual string SpaceOf(SearchRequest request) => request.Space ?? DefaultSpace;

    /// <summary>Whether the method can search spaces of this kind; <paramref name="reason"/> says why not.</summary>
    /// <param name="space">A kind of space.</param>
    /// <param name="reason">Why not, when it cannot; empty otherwise.</param>
    public abstract bool Supports(SpaceKind space, out string reason);

    /// <summary>The settings the method reads when it searches <paramref name="space"/>, by group, with the defaults it uses there.</summary>
    /// <param name="space">The kind of space searched.</param>
    public abstract IReadOnlyList<SettingGroup> Settings(SpaceKind space);

    /// <summary>
    /// Checks every setting of <paramref name="request"/> (<see cref="SettingException"/> names the first that does not
    /// work), loads the data and builds the search. Nothing is written anywhere.
    /// </summary>
    /// <param name="request">What the user asked for.</param>
    /// <param name="spaces">Where the request's space is found.</param>
    public abstract ISearch Create(SearchRequest request, SpaceCatalog spaces);
}
