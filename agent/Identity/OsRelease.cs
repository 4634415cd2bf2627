namespace KernelAgent.Agent.Identity;

/// <summary>The assignments of one os-release(5) file, as a shell sourcing it would see them.</summary>
internal sealed class OsRelease
{
    public const string IdKey = "ID";
    public const string VersionIdKey = "VERSION_ID";
    public const string NameKey = "NAME";
    public const string PrettyNameKey = "PRETTY_NAME";
    public const string VersionCodenameKey = "VERSION_CODENAME";

    internal OsRelease(string sourcePath, IReadOnlyDictionary<string, string> fields, IReadOnlyList<string> repeatedKeys)
    {
        SourcePath = sourcePath;
        Fields = fields;
        RepeatedKeys = repeatedKeys;
    }

    /// <summary>The file these fields were read from, as shown to people (e.g. <c>/host/etc/os-release</c>).</summary>
    public string SourcePath { get; }

    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>
    /// Keys assigned more than once. os-release(5) forbids repeats but tells readers to take the last
    /// one, as a shell would; the caller may warn.
    /// </summary>
    public IReadOnlyList<string> RepeatedKeys { get; }

    public string? Id => Get(IdKey);

    public string? VersionId => Get(VersionIdKey);

    public string? Name => Get(NameKey);

    public string? PrettyName => Get(PrettyNameKey);

    public string? VersionCodename => Get(VersionCodenameKey);

    /// <summary>The value of <paramref name="key"/>, or <c>null</c> when the file does not assign it.</summary>
    public string? Get(string key) => Fields.TryGetValue(key, out var value) ? value : null;
}
