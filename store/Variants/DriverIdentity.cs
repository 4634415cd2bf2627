namespace KernelAgent.Store.Variants;

/// <summary>A driver as registered with the farm: its module name and exact version.</summary>
public sealed record DriverIdentity(string Name, string Version);
