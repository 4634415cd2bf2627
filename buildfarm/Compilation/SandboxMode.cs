namespace KernelAgent.BuildFarm.Compilation;

internal enum SandboxMode
{
    /// <summary>Use bubblewrap when it is installed and works here; otherwise build unsandboxed and say so.</summary>
    Auto,

    /// <summary>Refuse to build without a working bubblewrap.</summary>
    Required,

    /// <summary>Never sandbox (for hosts where user namespaces are unavailable).</summary>
    Disabled,
}
