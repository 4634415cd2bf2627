namespace KernelAgent.BuildFarm.Tests.Headers;

/// <summary>Paths inside this repository's checkout (sources and fixtures are read in place, not copied to the output).</summary>
internal static class TestRepository
{
    public static string Root { get; } = FindRoot();

    public static string HeaderFixtures => Path.Join(Root, "tests", "KernelAgent.BuildFarm.Tests", "Headers", "Fixtures");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Join(directory.FullName, "KernelAgent.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No KernelAgent.sln above {AppContext.BaseDirectory}.");
    }
}
