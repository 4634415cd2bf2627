namespace KernelAgent.Agent.Verification;

/// <summary>
/// A kernel module's <c>.modinfo</c> section: the <c>key=value</c> entries <c>modinfo(8)</c> shows, in file
/// order. Keys may repeat (<c>parm</c>, <c>alias</c>, <c>parmtype</c>); values are kept exactly, trailing
/// spaces included.
/// </summary>
internal sealed class Modinfo
{
    public Modinfo(string architecture, IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        Architecture = architecture;
        Entries = entries;
    }

    /// <summary>The machine of the module's ELF header, named as <c>uname -m</c> names it.</summary>
    public string Architecture { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Entries { get; }

    public string? Name => Get("name");

    /// <summary>The driver's <c>MODULE_VERSION</c>, when it declares one.</summary>
    public string? Version => Get("version");

    /// <summary>Digest of the module's sources (<c>srcversion</c>), also shown in /sys/module/*/srcversion.</summary>
    public string? SourceVersion => Get("srcversion");

    public string? License => Get("license");

    /// <summary>Modules this one needs loaded first (the comma-separated <c>depends</c> entry).</summary>
    public IReadOnlyList<string> Depends =>
        Get("depends")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>The <c>parm</c> entries: <c>name:description</c>.</summary>
    public IReadOnlyList<string> Parameters => GetAll("parm");

    /// <summary>The <c>vermagic</c> entry; null when the module has none (the kernel would refuse it).</summary>
    public ModinfoVermagic? Vermagic => Get("vermagic") is { } raw ? new ModinfoVermagic(raw) : null;

    /// <summary>The first value of <paramref name="key"/>, or null.</summary>
    public string? Get(string key)
    {
        foreach (var (entryKey, value) in Entries)
        {
            if (entryKey == key)
            {
                return value;
            }
        }

        return null;
    }

    public IReadOnlyList<string> GetAll(string key) =>
        [.. Entries.Where(entry => entry.Key == key).Select(entry => entry.Value)];
}
