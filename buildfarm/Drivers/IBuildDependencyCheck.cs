namespace KernelAgent.BuildFarm.Drivers;

/// <summary>Which of the Debian packages a driver's build needs are not installed on the farm.</summary>
internal interface IBuildDependencyCheck
{
    /// <summary>The packages of <paramref name="packages"/> that are not installed, in the order given.</summary>
    IReadOnlyList<string> Missing(IReadOnlyList<string> packages);
}
