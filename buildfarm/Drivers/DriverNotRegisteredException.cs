namespace KernelAgent.BuildFarm.Drivers;

/// <summary>A request named a driver (or version) the registry does not hold.</summary>
internal sealed class DriverNotRegisteredException : Exception
{
    public DriverNotRegisteredException(string name, string version, IEnumerable<RegisteredDriver> registered)
        : base($"Driver '{name}' version '{version}' is not registered; registered: " +
               $"{(registered.Any() ? string.Join(", ", registered.Select(d => $"{d.Name} {d.Version}")) : "none")}.")
    {
        Name = name;
        Version = version;
    }

    public string Name { get; }

    public string Version { get; }
}
