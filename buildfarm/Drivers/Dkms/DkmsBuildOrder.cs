namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>
/// The order in which DKMS drivers build when dkms.conf's BUILD_DEPENDS names other DKMS modules (by PACKAGE_NAME).
/// dkms's autoinstall builds, round after round, every module whose dependencies are all built, and gives up on
/// what is left with "autoinstall failed due to missing dependencies"; the farm does the same, but says which
/// dependency is not registered at all and names a cycle as one (<c>a -&gt; b -&gt; a</c>) instead of leaving it
/// as unmet dependencies. A module that names itself is a cycle too (dkms never builds it).
/// </summary>
internal static class DkmsBuildOrder
{
    /// <summary>The drivers in build order, or every problem (nothing is ordered when there is one).</summary>
    /// <param name="drivers">Each driver's package name with its BUILD_DEPENDS, in registration order.</param>
    public static (IReadOnlyList<string> Order, IReadOnlyList<string> Problems) Compute(IReadOnlyList<(string Name, IReadOnlyList<string> BuildDepends)> drivers)
    {
        ArgumentNullException.ThrowIfNull(drivers);
        var depends = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, buildDepends) in drivers)
        {
            if (!depends.TryGetValue(name, out var list))
            {
                depends[name] = list = [];
            }

            list.AddRange(buildDepends.Where(d => !list.Contains(d, StringComparer.Ordinal)));
        }

        var problems = new List<string>();
        foreach (var (name, needs) in depends)
        {
            problems.AddRange(needs.Where(n => !depends.ContainsKey(n))
                .Select(n => $"{name}: BUILD_DEPENDS names '{n}', which is not a registered driver"));
        }

        problems.AddRange(Cycles(depends).Select(c => $"circular BUILD_DEPENDS: {string.Join(" -> ", c)}"));
        if (problems.Count > 0)
        {
            return ([], problems);
        }

        // dkms's rounds: each round builds, in registration order, whatever has all its dependencies built.
        var order = new List<string>(depends.Count);
        var built = new HashSet<string>(StringComparer.Ordinal);
        while (order.Count < depends.Count)
        {
            var round = depends.Keys.Where(n => !built.Contains(n) && depends[n].All(built.Contains)).ToList();
            order.AddRange(round);
            built.UnionWith(round);
        }

        return (order, []);
    }

    /// <summary>Each cycle once, starting at its first driver in registration order: ["a", "b", "a"].</summary>
    private static List<List<string>> Cycles(Dictionary<string, List<string>> depends)
    {
        var cycles = new List<List<string>>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        var onPath = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string name)
        {
            path.Add(name);
            onPath.Add(name);
            foreach (var next in depends[name].Where(depends.ContainsKey))
            {
                if (onPath.Contains(next))
                {
                    cycles.Add([.. path.Skip(path.IndexOf(next)), next]);
                }
                else if (!done.Contains(next))
                {
                    Visit(next);
                }
            }

            onPath.Remove(name);
            path.RemoveAt(path.Count - 1);
            done.Add(name);
        }

        foreach (var name in depends.Keys.Where(n => !done.Contains(n)).ToList())
        {
            if (!done.Contains(name))
            {
                Visit(name);
            }
        }

        return cycles;
    }
}
