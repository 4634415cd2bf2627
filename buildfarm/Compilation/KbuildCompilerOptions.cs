namespace KernelAgent.BuildFarm.Compilation;

/// <summary>How kbuild runs: time limit, sandbox, and which programs it may see.</summary>
internal sealed class KbuildCompilerOptions
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time limit of the small tool queries (<c>gcc --version</c>, the sandbox probe).</summary>
    public TimeSpan ToolQueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public SandboxMode Sandbox { get; set; } = SandboxMode.Auto;

    public string BubblewrapPath { get; set; } = "bwrap";

    /// <summary>System paths visible read-only inside the sandbox (symbolic links, as merged-/usr has, are recreated as links).</summary>
    public IList<string> SandboxSystemPaths { get; init; } =
        ["/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32", "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d"];

    /// <summary>PATH of the build: the only environment a build inherits besides LC_ALL=C.</summary>
    public string SearchPath { get; set; } = "/usr/local/bin:/usr/bin:/bin";

    /// <summary>Prefixes of the cross toolchains (CROSS_COMPILE) by <c>uname -m</c> of the target.</summary>
    public IDictionary<string, string> CrossCompilePrefixes { get; init; } = new Dictionary<string, string>
    {
        ["aarch64"] = "aarch64-linux-gnu-",
        ["x86_64"] = "x86_64-linux-gnu-",
    };

    /// <summary>How many lines of the build log a failure message carries.</summary>
    public int LogTailLines { get; set; } = 40;
}
