using System.Reflection;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>The product version (Directory.Build.props), as recorded in provenance.</summary>
internal static class FarmVersion
{
    public static string Current { get; } =
        typeof(FarmVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
