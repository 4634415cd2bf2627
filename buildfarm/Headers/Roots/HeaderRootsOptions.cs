namespace KernelAgent.BuildFarm.Headers.Roots;

/// <summary>
/// Extracted header roots the farm keeps between builds, one per kernel (configuration section <c>Headers:Roots</c>).
/// A later build of the same kernel (another driver, the next driver version, a rebuild) compiles against the kept
/// root instead of extracting the packages again.
/// </summary>
internal sealed class HeaderRootsOptions
{
    public const string Section = "Headers:Roots";

    public const int MaxKeep = 10_000;

    /// <summary>
    /// Roots kept on disk; beyond that the least recently used ones not in use by a running build are deleted.
    /// 0 keeps none: every build extracts its own root and it is deleted when the build ends. Default 8
    /// (a Debian root is about 85 MB).
    /// </summary>
    public int Keep { get; set; } = 8;

    /// <summary>Where the roots live. Default: <c>&lt;state dir&gt;/headers-roots</c>.</summary>
    public string? Directory { get; set; }
}
