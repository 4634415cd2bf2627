using System.Text;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Module parameters from the agent's configuration (name -> value), validated once and rendered into the
/// parameter string of finit_module(2): space-separated <c>name=value</c> specifications, as the kernel's
/// next_arg() (lib/cmdline.c) splits them.
/// </summary>
/// <remarks>
/// Rules, chosen so that what the operator wrote is exactly what the module receives:
/// <list type="bullet">
/// <item>Names: lower-case letters, digits and '_' (module_param() names are C identifiers; kbuild
/// configurations use lower case).</item>
/// <item>Values: printable ASCII. A value with spaces is given plain in the configuration and rendered
/// quoted (<c>name="a b"</c>); the kernel strips the quotes. A double quote inside a value is refused:
/// next_arg() has no escape for it. Control characters, tabs and newlines are refused (they would split
/// the string), and so are non-ASCII characters: the kernel's isspace() treats byte 0xA0, which occurs
/// inside UTF-8 sequences, as a separator.</item>
/// <item>A null value renders as the bare name (a bool parameter set to true); an empty value renders as
/// <c>name=</c>.</item>
/// <item>Parameters render in ordinal order of their names, so the same configuration always gives the same
/// string.</item>
/// </list>
/// </remarks>
internal sealed class ModuleParameters
{
    private ModuleParameters(IReadOnlyList<KeyValuePair<string, string?>> entries)
    {
        Entries = entries;
    }

    public static ModuleParameters Empty { get; } = new([]);

    /// <summary>The parameters in the order they are rendered.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Entries { get; }

    /// <summary>Validates every entry and returns the parameters, or throws with every problem at once.</summary>
    /// <exception cref="ModuleParameterException">One or more names or values break the rules above.</exception>
    public static ModuleParameters Parse(IReadOnlyDictionary<string, string?>? values)
    {
        var problems = Validate(values);
        if (problems.Count > 0)
        {
            throw new ModuleParameterException(problems);
        }

        if (values is null || values.Count == 0)
        {
            return Empty;
        }

        var entries = values.OrderBy(entry => entry.Key, StringComparer.Ordinal).ToArray();
        return new ModuleParameters(entries);
    }

    /// <summary>Every problem of <paramref name="values"/>, for configuration validation; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string?>? values)
    {
        var problems = new List<string>();
        if (values is null)
        {
            return problems;
        }

        foreach (var (name, value) in values.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            if (NameProblem(name) is { } nameProblem)
            {
                problems.Add(nameProblem);
            }

            if (value is not null && ValueProblem(value) is { } valueProblem)
            {
                problems.Add($"module parameter '{ModuleNames.Printable(name)}': {valueProblem}");
            }
        }

        return problems;
    }

    /// <summary>The finit_module(2) parameter string, e.g. <c>debug=1 mode="fast path"</c>; empty without parameters.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in Entries)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(name);
            if (value is null)
            {
                continue;
            }

            text.Append('=');
            if (value.Contains(' ', StringComparison.Ordinal))
            {
                text.Append('"').Append(value).Append('"');
            }
            else
            {
                text.Append(value);
            }
        }

        return text.ToString();
    }

    public override string ToString() => Render();

    private static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "a module parameter has an empty name";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return $"module parameter name '{ModuleNames.Printable(name)}': character {Describe(c)} at position {i} is not allowed " +
                       "(only lower-case letters, digits and '_')";
            }
        }

        return null;
    }

    private static string? ValueProblem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"')
            {
                return $"the value has a double quote at position {i}; the kernel cannot receive one (give values with spaces unquoted, they are quoted for you)";
            }

            if (c is < ' ' or > '~')
            {
                return $"the value has character {Describe(c)} at position {i}; only printable ASCII is allowed";
            }
        }

        return null;
    }

    private static string Describe(char c) => c is >= ' ' and <= '~' ? $"'{c}'" : $"U+{(int)c:X4}";
}
