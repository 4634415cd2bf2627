namespace KernelAgent.BuildFarm.Compilation;

/// <summary>
/// Wraps a command in bubblewrap (bwrap(1)): new namespaces of every kind (so no network), the system
/// paths and the kernel headers read-only, a private /tmp, and exactly one writable folder (the build's).
/// Paths keep their host names inside, so build output and prefix maps read the same either way.
/// </summary>
internal sealed class BubblewrapSandbox(KbuildCompilerOptions options)
{
    public ProcessInvocation Wrap(ProcessInvocation command, IEnumerable<string> readOnlyPaths, string writablePath)
    {
        var arguments = new List<string> { "--unshare-all", "--die-with-parent", "--new-session" };
        foreach (var path in options.SandboxSystemPaths)
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is { } linkTarget)
            {
                arguments.AddRange(["--symlink", linkTarget, path]);
            }
            else if (info.Exists || Directory.Exists(path))
            {
                arguments.AddRange(["--ro-bind", path, path]);
            }
        }

        arguments.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]);
        foreach (var path in readOnlyPaths)
        {
            arguments.AddRange(["--ro-bind", path, path]);
        }

        arguments.AddRange(["--bind", writablePath, writablePath, "--chdir", command.WorkingDirectory ?? writablePath, "--", command.FileName]);
        arguments.AddRange(command.Arguments);
        return command with { FileName = options.BubblewrapPath, Arguments = arguments };
    }

    /// <summary>A trivial sandboxed command, to learn once whether bwrap works on this machine (user namespaces, seccomp).</summary>
    public ProcessInvocation Probe(string scratchDirectory) =>
        Wrap(new ProcessInvocation("true", [], options.ToolQueryTimeout) { WorkingDirectory = scratchDirectory }, [], scratchDirectory);
}
