using KernelAgent.Store.Modules;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Reads kmod's <c>modules.dep</c> (<c>path: dep-path dep-path ...</c>, paths relative to the release folder).
/// It is outside input: anything that is not such a line is a refusal naming the line, never an exception.
/// </summary>
internal static class ModulesDepParser
{
    /// <summary>A bound well above a distribution kernel's file (Debian 12's is under 1 MiB).</summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    /// <summary>A bound on one path, well above what a kernel tree holds.</summary>
    public const int MaxPathLength = 1024;

    private static readonly string[] Suffixes = [".ko", ".ko.xz", ".ko.zst", ".ko.gz"];

    /// <summary>The entries by kernel name (the first line of a name wins, as for modprobe), or null and why.</summary>
    public static IReadOnlyDictionary<string, ModulesDepEntry>? Parse(string text, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = string.Empty;
        if (text.Length > MaxBytes)
        {
            problem = $"it is larger than {MaxBytes} bytes";
            return null;
        }

        var entries = new Dictionary<string, ModulesDepEntry>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            number++;
            if (line.IsWhiteSpace())
            {
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                problem = $"line {number} has no ':' after the module path";
                return null;
            }

            if (PathProblem(line[..colon].ToString(), out var name) is { } pathProblem)
            {
                problem = $"line {number}: {pathProblem}";
                return null;
            }

            var depends = new List<string>();
            foreach (var range in line[(colon + 1)..].Split(' '))
            {
                var dep = line[(colon + 1)..][range].Trim();
                if (dep.IsEmpty)
                {
                    continue;
                }

                if (PathProblem(dep.ToString(), out var depName) is { } depProblem)
                {
                    problem = $"line {number}: {depProblem}";
                    return null;
                }

                depends.Add(depName);
            }

            entries.TryAdd(name, new ModulesDepEntry(name, line[..colon].ToString(), depends));
        }

        return entries;
    }

    /// <summary>Why <paramref name="path"/> is not a relative module path inside the release folder, or null (and its module name).</summary>
    private static string? PathProblem(string path, out string name)
    {
        name = string.Empty;
        if (path.Length is 0 or > MaxPathLength)
        {
            return $"a module path has 1 to {MaxPathLength} characters";
        }

        var shown = ModuleNames.Printable(path);
        if (path.AsSpan().ContainsAnyInRange('\0', ' ') || path.Contains('\u007f', StringComparison.Ordinal))
        {
            return $"the module path '{shown}' has a control character or a space";
        }

        if (path.StartsWith('/') || path.Split('/').Any(part => part is "" or "." or ".."))
        {
            return $"the module path '{shown}' is not a plain path relative to the release folder";
        }

        var file = path[(path.LastIndexOf('/') + 1)..];
        var suffix = Suffixes.FirstOrDefault(s => file.EndsWith(s, StringComparison.Ordinal));
        if (suffix is null)
        {
            return $"the module path '{shown}' does not end in {string.Join(", ", Suffixes)}";
        }

        var stem = file[..^suffix.Length];
        if (KernelModuleName.Problem(stem) is { } nameProblem)
        {
            return $"the module path '{shown}': {nameProblem}";
        }

        name = KernelModuleName.Normalize(stem);
        return null;
    }
}
