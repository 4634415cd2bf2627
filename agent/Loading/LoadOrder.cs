using KernelAgent.Store.Modules;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// The order in which a driver's modules load: each after every module its <c>.modinfo</c> <c>depends=</c> names
/// (jool_common before jool and jool_siit). A dependency outside the set must already be loaded; a cycle, or a
/// dependency that is neither in the set nor loaded, is a refusal naming the modules, before anything loads.
/// </summary>
internal static class LoadOrder
{
    /// <summary>The modules of <paramref name="depends"/> (name to the names it depends on) in an order that loads.</summary>
    /// <param name="depends">Every module of the set, in the artifact's order, with its dependencies.</param>
    /// <param name="isLoaded">Whether a module outside the set is loaded now.</param>
    /// <exception cref="ModuleLoadException"><see cref="ModuleLoadFailure.UnmetDependency"/>: a cycle or a missing dependency.</exception>
    public static IReadOnlyList<string> Compute(IReadOnlyList<(string Name, IReadOnlyList<string> Depends)> depends, Func<string, bool> isLoaded)
    {
        ArgumentNullException.ThrowIfNull(depends);
        ArgumentNullException.ThrowIfNull(isLoaded);
        var inSet = depends.ToDictionary(d => KernelModuleName.Normalize(d.Name), d => d.Depends.Select(KernelModuleName.Normalize).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (name, needs) in inSet)
        {
            missing.AddRange(needs.Where(n => !inSet.ContainsKey(n) && !isLoaded(n)).Select(n => $"{name} needs {n}"));
        }

        if (missing.Count > 0)
        {
            throw Refusal(depends[0].Name, $"a dependency is neither in the driver's modules nor loaded: {string.Join("; ", missing)}");
        }

        // Kahn's algorithm, taking ready modules in the artifact's order so that the order is stable.
        var order = new List<string>(inSet.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (order.Count < inSet.Count)
        {
            var next = inSet.Keys.FirstOrDefault(n => !placed.Contains(n) && inSet[n].All(d => placed.Contains(d) || !inSet.ContainsKey(d)));
            if (next is null)
            {
                var stuck = inSet.Keys.Where(n => !placed.Contains(n)).Select(n => $"{n} needs {string.Join(",", inSet[n].Where(d => !placed.Contains(d) && inSet.ContainsKey(d)))}");
                throw Refusal(depends[0].Name, $"the modules depend on each other in a cycle: {string.Join("; ", stuck)}");
            }

            order.Add(next);
            placed.Add(next);
        }

        return order;
    }

    private static ModuleLoadException Refusal(string module, string detail) =>
        new(module, null, ModuleLoadFailure.UnmetDependency, null, detail);
}
