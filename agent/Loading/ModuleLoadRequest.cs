namespace KernelAgent.Agent.Loading;

/// <summary>One module file to load.</summary>
/// <param name="ModuleName">The module's name (the .ko file name without extension; '-' or '_').</param>
/// <param name="ModulePath">The verified module file, normally the one the installer put under lib/modules.</param>
internal sealed record ModuleLoadRequest(string ModuleName, string ModulePath)
{
    public ModuleParameters Parameters { get; init; } = ModuleParameters.Empty;

    /// <summary>
    /// The srcversion from the verified module's <c>.modinfo</c>. When a module of the same name is already
    /// loaded, it decides whether that module is ours; without it the ownership is <see cref="ModuleOwnership.Unknown"/>.
    /// </summary>
    public string? ExpectedSrcVersion { get; init; }

    /// <summary>
    /// The verified module's sha256 (hex). When set, the loader hashes the file through the very descriptor it passes
    /// to finit_module and refuses a file that changed since it was verified.
    /// </summary>
    public string? ExpectedSha256 { get; init; }

    /// <summary>
    /// The file is compressed (.ko.xz, .ko.zst, .ko.gz) and the running kernel decompresses that format itself: finit_module
    /// gets <see cref="ModuleInitFlags.CompressedFile"/>. Only for the kernel's own modules loaded as dependencies.
    /// </summary>
    public bool CompressedFile { get; init; }
}
