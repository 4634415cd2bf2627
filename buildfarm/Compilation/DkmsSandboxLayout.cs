namespace KernelAgent.BuildFarm.Compilation;

/// <summary>
/// What a DKMS build sees inside bubblewrap, on top of the system paths: the kernel headers root read-only at its
/// own path, <c>/usr/src</c> holding links to the root's <c>usr/src</c> entries (so Debian's flavour Makefile, which
/// includes its -common Makefile by absolute /usr/src path, and Makefiles defaulting to /usr/src work unchanged), the
/// build folder at dkms's own path (<c>/var/lib/dkms/&lt;module&gt;/&lt;version&gt;/build</c>), and the farm's
/// helper folder (the <c>uname</c> shim and scripts) read-only at <see cref="ToolsInside"/>.
/// </summary>
/// <param name="HeadersRoot">The extracted headers root (host path).</param>
/// <param name="BuildFolder">The build folder on the host.</param>
/// <param name="BuildFolderInside">Where the build folder appears inside the sandbox.</param>
/// <param name="ToolsFolder">The helper folder on the host.</param>
/// <param name="OutputFolder">A writable folder for results (the dkms.conf reader's output), or null.</param>
/// <param name="BuildFolderWritable">False while dkms.conf is read: reading it must not change the source.</param>
internal sealed record DkmsSandboxLayout(
    string HeadersRoot,
    string BuildFolder,
    string BuildFolderInside,
    string ToolsFolder,
    string? OutputFolder,
    bool BuildFolderWritable)
{
    public const string ToolsInside = "/run/kernelagent";
    public const string OutputInside = "/run/kernelagent-out";
    public const string SourceTreeInside = "/usr/src";
    public const string DkmsTreeInside = "/var/lib/dkms";

    /// <summary>The path inside the sandbox of a file or folder below the headers root's usr/src, else the host path.</summary>
    public string InsidePath(string hostPath)
    {
        var usrSrc = Path.Join(HeadersRoot, "usr", "src") + "/";
        return hostPath.StartsWith(usrSrc, StringComparison.Ordinal) ? SourceTreeInside + "/" + hostPath[usrSrc.Length..] : hostPath;
    }
}
