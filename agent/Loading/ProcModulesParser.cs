using System.Globalization;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Parses <c>/proc/modules</c>. Each line, as kernel/module/procfs.c prints it:
/// <c>name size refcount users state address [(taints)]</c>, where users is "-" or "a,b," and refcount is
/// "-" on kernels without CONFIG_MODULE_UNLOAD. The address is 0 for readers without CAP_SYSLOG.
/// </summary>
internal static class ProcModulesParser
{
    private const int NameField = 0;
    private const int SizeField = 1;
    private const int ReferenceCountField = 2;
    private const int UsedByField = 3;
    private const int StateField = 4;
    private const int TaintField = 6;

    /// <summary>Name through state; the address and the taints are not needed to know a module is loaded.</summary>
    private const int RequiredFields = StateField + 1;

    /// <summary>Every well-formed line; a line that does not follow the format is skipped, not guessed at.</summary>
    public static IReadOnlyList<LoadedModuleInfo> Parse(string text)
    {
        var modules = new List<LoadedModuleInfo>();
        foreach (var line in text.Split('\n'))
        {
            if (ParseLine(line) is { } module)
            {
                modules.Add(module);
            }
        }

        return modules;
    }

    public static LoadedModuleInfo? ParseLine(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < RequiredFields
            || !long.TryParse(fields[SizeField], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || ParseState(fields[StateField]) is not { } state)
        {
            return null;
        }

        int? referenceCount = int.TryParse(fields[ReferenceCountField], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count)
            ? count
            : null;
        var usedBy = fields[UsedByField] == "-"
            ? []
            : fields[UsedByField].Split(',', StringSplitOptions.RemoveEmptyEntries);
        string? taint = null;
        if (fields.Length > TaintField && fields[TaintField] is ['(', .., ')'] flags)
        {
            taint = flags[1..^1];
        }

        return new LoadedModuleInfo(fields[NameField], size, referenceCount, usedBy, state, taint);
    }

    private static ModuleState? ParseState(string text) => text switch
    {
        "Live" => ModuleState.Live,
        "Loading" => ModuleState.Loading,
        "Unloading" => ModuleState.Unloading,
        _ => null,
    };
}
