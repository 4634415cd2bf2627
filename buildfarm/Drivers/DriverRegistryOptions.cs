namespace KernelAgent.BuildFarm.Drivers;

/// <summary>The drivers the farm may build: nothing else is ever compiled.</summary>
public sealed class DriverRegistryOptions
{
    public IList<DriverRegistration> Drivers { get; init; } = [];

    /// <summary>Base of relative source paths; default: the farm's working directory.</summary>
    public string? BaseDirectory { get; set; }
}
