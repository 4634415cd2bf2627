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
        var arguments = SystemArguments();
        foreach (var path in readOnlyPaths)
        {
            arguments.AddRange(["--ro-bind", path, path]);
        }

        arguments.AddRange(["--bind", writablePath, writablePath, "--chdir", command.WorkingDirectory ?? writablePath, "--", command.FileName]);
        arguments.AddRange(command.Arguments);
        return command with { FileName = options.BubblewrapPath, Arguments = arguments };
    }

    /// <summary>Wraps a step of a DKMS build; <paramref name="command"/>'s working directory is a path inside the sandbox.</summary>
    public ProcessInvocation WrapDkms(ProcessInvocation command, DkmsSandboxLayout layout)
    {
        var arguments = SystemArguments();
        arguments.AddRange(["--ro-bind", layout.HeadersRoot, layout.HeadersRoot, "--tmpfs", DkmsSandboxLayout.SourceTreeInside]);
        var usrSrc = Path.Join(layout.HeadersRoot, "usr", "src");
        if (Directory.Exists(usrSrc))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(usrSrc).Order(StringComparer.Ordinal))
            {
                arguments.AddRange(["--symlink", entry, DkmsSandboxLayout.SourceTreeInside + "/" + Path.GetFileName(entry)]);
            }
        }

        arguments.AddRange([layout.BuildFolderWritable ? "--bind" : "--ro-bind", layout.BuildFolder, layout.BuildFolderInside]);
        arguments.AddRange(["--ro-bind", layout.ToolsFolder, DkmsSandboxLayout.ToolsInside]);
        if (layout.OutputFolder is not null)
        {
            arguments.AddRange(["--bind", layout.OutputFolder, DkmsSandboxLayout.OutputInside]);
        }

        arguments.AddRange(["--chdir", command.WorkingDirectory ?? layout.BuildFolderInside, "--", command.FileName]);
        arguments.AddRange(command.Arguments);
        return command with { FileName = options.BubblewrapPath, Arguments = arguments, WorkingDirectory = layout.BuildFolder };
    }

    private List<string> SystemArguments()
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
        return arguments;
    }

    /// <summary>A trivial sandboxed command, to learn once whether bwrap works on this machine (user namespaces, seccomp).</summary>
    public ProcessInvocation Probe(string scratchDirectory) =>
        Wrap(new ProcessInvocation("true", [], options.ToolQueryTimeout) { WorkingDirectory = scratchDirectory }, [], scratchDirectory);
}
