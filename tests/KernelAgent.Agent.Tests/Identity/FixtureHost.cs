using KernelAgent.Agent.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Tests.Identity;

/// <summary>A temporary host root, optionally seeded from a folder under Identity/Fixtures.</summary>
internal sealed class FixtureHost : IDisposable
{
    private FixtureHost(string path)
    {
        Path = path;
        Root = new HostRoot(path);
    }

    public string Path { get; }

    public HostRoot Root { get; }

    public static FixtureHost Empty() =>
        new(Directory.CreateTempSubdirectory("kernel-agent-identity-").FullName);

    public static FixtureHost From(string fixture)
    {
        var host = Empty();
        var source = System.IO.Path.Join(AppContext.BaseDirectory, "Identity", "Fixtures", fixture);
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"no fixture {source}");
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Join(host.Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return host;
    }

    public string FullPath(string relativePath) => System.IO.Path.Join(Path, relativePath);

    public FixtureHost Write(string relativePath, string content)
    {
        var path = FullPath(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public FixtureHost Link(string relativePath, string target)
    {
        var path = FullPath(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return this;
    }

    public FixtureHost Delete(string relativePath)
    {
        File.Delete(FullPath(relativePath));
        return this;
    }

    public IKernelIdentityProbe Probe(string machine = "x86_64") =>
        new KernelIdentityProbe(
            Root,
            Options.Create(new KernelIdentityProbeOptions { Machine = machine }),
            NullLogger<KernelIdentityProbe>.Instance);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
