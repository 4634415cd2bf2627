namespace KernelAgent.EndToEnd.Tests.Support;

/// <summary>Where the repository's scripts and build outputs are, found from the test assembly's own folder.</summary>
internal sealed class RepositoryPaths
{
    private RepositoryPaths(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string EndToEndScripts => Path.Join(Root, "scripts", "e2e");

    public string Script(string name) => Path.Join(EndToEndScripts, name);

    /// <summary>The farm built with the same configuration as these tests (the test project references it, so it is built first).</summary>
    public string FarmAssembly => Path.Join(Root, "buildfarm", "bin", BuildConfiguration, "net10.0", "kernel-buildfarm.dll");

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    /// <summary>Walks up from the test binaries to the folder holding KernelAgent.sln.</summary>
    public static RepositoryPaths Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Join(folder.FullName, "KernelAgent.sln")))
            {
                return new RepositoryPaths(folder.FullName);
            }
        }

        throw new EndToEndSetupException($"no KernelAgent.sln above {AppContext.BaseDirectory}: the tests must run from the repository's build output");
    }
}
