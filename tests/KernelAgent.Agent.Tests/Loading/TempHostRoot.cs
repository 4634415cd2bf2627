using System.Runtime.Versioning;

namespace KernelAgent.Agent.Tests.Loading;

/// <summary>A throwaway folder standing in for a host's <c>/</c>; deleted with everything in it.</summary>
internal sealed class TempHostRoot : IDisposable
{
    public TempHostRoot()
    {
        Path = Directory.CreateTempSubdirectory("ka-loading-").FullName;
    }

    public string Path { get; }

    public string Join(string relative) => System.IO.Path.Join(Path, relative);

    public string WriteFile(string relative, string content) => WriteFile(relative, System.Text.Encoding.UTF8.GetBytes(content));

    public string WriteFile(string relative, byte[] content)
    {
        var path = Join(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>An executable shell script standing in for a tool such as depmod.</summary>
    [UnsupportedOSPlatform("windows")]
    public string WriteScript(string relative, string body)
    {
        var path = WriteFile(relative, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Every file below the root, relative to it, '/'-separated and sorted.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(file => System.IO.Path.GetRelativePath(Path, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
