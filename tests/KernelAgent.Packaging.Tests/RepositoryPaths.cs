namespace KernelAgent.Packaging.Tests;

/// <summary>Folders of the repository the tests run from, found by walking up to KernelAgent.sln.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Packaging => Path.Join(Root, "packaging");

    public static string Systemd => Path.Join(Root, "systemd");

    public static string Join(params string[] parts) => Path.Join([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Join(folder.FullName, "KernelAgent.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"KernelAgent.sln not found above {AppContext.BaseDirectory}");
    }
}
