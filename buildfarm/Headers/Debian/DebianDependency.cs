using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>One relation of a Depends field (deb-control(5)): <c>name[:arch] [(op version)]</c>.</summary>
internal sealed partial record DebianDependency(string Name, string? Operator, string? Version)
{
    /// <summary>
    /// The first alternative of each comma-separated relation; architecture qualifiers, architecture
    /// restrictions and build profiles are dropped.
    /// </summary>
    public static IReadOnlyList<DebianDependency> ParseDepends(string? depends)
    {
        if (string.IsNullOrWhiteSpace(depends))
        {
            return [];
        }

        var relations = new List<DebianDependency>();
        foreach (var relation in depends.Split(','))
        {
            var firstAlternative = relation.Split('|')[0];
            var match = Relation().Match(firstAlternative);
            if (match.Success)
            {
                relations.Add(new DebianDependency(
                    match.Groups["name"].Value,
                    match.Groups["op"].Success ? match.Groups["op"].Value : null,
                    match.Groups["version"].Success ? match.Groups["version"].Value : null));
            }
        }

        return relations;
    }

    /// <summary>Whether a candidate version satisfies this relation (any version when it has none).</summary>
    public bool IsSatisfiedBy(string candidate)
    {
        if (Operator is null || Version is null)
        {
            return true;
        }

        var order = DebianVersion.Compare(candidate, Version);
        return Operator switch
        {
            "=" => order == 0,
            ">=" => order >= 0,
            "<=" => order <= 0,
            ">>" => order > 0,
            "<<" => order < 0,
            _ => false,
        };
    }

    public override string ToString() => Operator is null ? Name : $"{Name} ({Operator} {Version})";

    [GeneratedRegex(@"^\s*(?<name>[a-z0-9][a-z0-9.+-]*)(?::[a-z0-9-]+)?\s*(?:\(\s*(?<op><<|<=|=|>=|>>)\s*(?<version>[^\s)]+)\s*\))?", RegexOptions.CultureInvariant)]
    private static partial Regex Relation();
}
