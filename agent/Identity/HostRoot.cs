using IOPath = System.IO.Path;

namespace KernelAgent.Agent.Identity;

/// <summary>
/// The host's root directory. Host paths such as <c>etc/os-release</c> are given relative to it and
/// resolved as the host itself would resolve them: an absolute symbolic link found below a root other
/// than <c>/</c> (Debian's <c>lib/modules/&lt;release&gt;/build -&gt; /usr/src/...</c>, or an absolute
/// <c>etc/os-release</c> link) points into the host's root, never into the agent's own file system.
/// Without that, a containerised agent would silently read the container image's files.
/// </summary>
internal sealed class HostRoot
{
    /// <summary>Linux's limit on symbolic links followed in one lookup (MAXSYMLINKS, path_resolution(7)).</summary>
    private const int MaxSymbolicLinks = 40;

    public HostRoot(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!IOPath.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"the host root '{path}' must be an absolute path", nameof(path));
        }

        Path = IOPath.TrimEndingDirectorySeparator(IOPath.GetFullPath(path));
    }

    /// <summary>The host root of an agent running directly on the host.</summary>
    public static HostRoot Default { get; } = new("/");

    /// <summary>The absolute, normalised root directory, without a trailing separator (except for <c>/</c>).</summary>
    public string Path { get; }

    public bool IsSystemRoot => Path == "/";

    /// <summary>
    /// The path of <paramref name="relativePath"/> under the root, joined as text without following links:
    /// what messages show (e.g. <c>/host/etc/os-release</c>).
    /// </summary>
    public string Display(string relativePath) => IOPath.Join(Path, CheckRelative(relativePath));

    /// <summary>
    /// The path to open for <paramref name="relativePath"/>: every symbolic link on the way is followed
    /// inside the root (an absolute target restarts at the root, <c>..</c> stops at the root). A missing
    /// component ends the resolution; the rest is appended as given, so opening the result reports it
    /// as missing.
    /// </summary>
    /// <exception cref="IOException">More than 40 symbolic links were followed (a loop).</exception>
    public string Resolve(string relativePath)
    {
        var checkedPath = CheckRelative(relativePath);
        if (IsSystemRoot)
        {
            return "/" + checkedPath;
        }

        var pending = new Stack<string>(Components(checkedPath).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.TryPop(out var component))
        {
            if (component == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = IOPath.Join(Path, string.Join('/', resolved.Append(component)));
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                resolved.Add(component);
                if (!File.Exists(candidate) && !Directory.Exists(candidate))
                {
                    resolved.AddRange(pending);
                    break;
                }

                continue;
            }

            if (++links > MaxSymbolicLinks)
            {
                throw new IOException($"too many levels of symbolic links resolving '{relativePath}' under {Path}");
            }

            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            foreach (var part in Components(target).Reverse())
            {
                pending.Push(part);
            }
        }

        return IOPath.Join(Path, string.Join('/', resolved));
    }

    public override string ToString() => Path;

    private static string CheckRelative(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        if (relativePath.StartsWith('/'))
        {
            throw new ArgumentException($"host path '{relativePath}' must be relative to the host root", nameof(relativePath));
        }

        if (Components(relativePath).Contains(".."))
        {
            throw new ArgumentException($"host path '{relativePath}' must not contain '..'", nameof(relativePath));
        }

        return relativePath;
    }

    private static IEnumerable<string> Components(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part != ".");
}
