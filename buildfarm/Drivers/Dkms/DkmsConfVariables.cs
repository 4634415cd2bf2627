namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>
/// What evaluating a dkms.conf left set: every variable DKMS reads, as a sparse array (bash treats a scalar as
/// element 0), plus the farm's match results computed by bash itself (<c>_KA_*</c>), so regular expressions keep
/// bash's own <c>=~</c> semantics.
/// </summary>
internal sealed class DkmsConfVariables
{
    /// <summary>The variables dkms(8) reads from a dkms.conf (its <c>dkms_conf_variables</c> list, minus install-time ones).</summary>
    public static readonly IReadOnlyList<string> ConfNames =
    [
        "PACKAGE_NAME", "PACKAGE_VERSION", "CLEAN", "PRE_BUILD", "POST_BUILD", "BUILD_DEPENDS",
        "BUILD_EXCLUSIVE_KERNEL", "BUILD_EXCLUSIVE_ARCH", "BUILD_EXCLUSIVE_CONFIG", "MAKE", "MAKE_MATCH",
        "PATCH", "PATCH_MATCH", "BUILT_MODULE_NAME", "BUILT_MODULE_LOCATION", "DEST_MODULE_NAME",
        "DEST_MODULE_LOCATION", "STRIP", "AUTOINSTALL", "NO_WEAK_MODULES", "OBSOLETE_BY",
    ];

    /// <summary>Results of bash's <c>=~</c> as dkms's read_conf evaluates them: 0 matched, 1 did not, 2 invalid expression.</summary>
    public static readonly IReadOnlyList<string> MatchNames =
    [
        "_KA_MAKE_MATCHED", "_KA_PATCH_MATCHED", "_KA_EXCLUSIVE_KERNEL_MATCHED", "_KA_EXCLUSIVE_ARCH_MATCHED",
    ];

    private readonly IReadOnlyDictionary<string, SortedDictionary<int, string>> _values;

    public DkmsConfVariables(IReadOnlyDictionary<string, SortedDictionary<int, string>> values) => _values = values;

    public IEnumerable<string> Names => _values.Keys;

    /// <summary>Element <paramref name="index"/> of the array, or "" when unset (as bash expands it).</summary>
    public string Get(string name, int index = 0) =>
        _values.TryGetValue(name, out var array) && array.TryGetValue(index, out var value) ? value : string.Empty;

    /// <summary>Bash's <c>${#NAME[@]}</c>: how many elements are set (not the highest index).</summary>
    public int Count(string name) => _values.TryGetValue(name, out var array) ? array.Count : 0;

    /// <summary>The set elements in index order.</summary>
    public IReadOnlyList<KeyValuePair<int, string>> Elements(string name) =>
        _values.TryGetValue(name, out var array) ? [.. array] : [];

    public bool IsSet(string name) => _values.ContainsKey(name);

    public static bool IsKnown(string name) => ConfNames.Contains(name) || MatchNames.Contains(name);
}
