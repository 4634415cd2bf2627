using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>
/// The build strings already read, in <c>build-strings/&lt;sha256&gt;</c> of the headers cache: a package's digest
/// fixes its bytes, so a string read once stays true and later crawls neither download nor extract it again.
/// </summary>
internal sealed class BuildStringMemo(HeaderCache cache)
{
    public BuildStringResolution? TryRead(string package)
    {
        var path = PathOf(package);
        return File.Exists(path) && File.ReadAllText(path).Split('\n') is [var buildString, var source, ..]
            ? new BuildStringResolution(buildString, source)
            : null;
    }

    public void Write(string package, BuildStringResolution resolution)
    {
        var path = PathOf(package);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FileWrites.WriteAllTextAtomic(path, $"{resolution.BuildString}\n{resolution.Source}\n");
    }

    private string PathOf(string package) => Path.Join(cache.Directory, "build-strings", package);
}
